// What the HubSpot target writes: a note body built from upstream outputs, or contact
// properties picked from them by path.
import type { ExportPayload } from "../types";

const escapeHtml = (s: string) =>
  s
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;");

const paragraphs = (s: string) =>
  s
    .split(/\n{2,}/)
    .map((p) => `<p>${escapeHtml(p).replaceAll("\n", "<br>")}</p>`)
    .join("");

/** The reference line in every note, so a duplicate note can be found by its key. */
export const noteReference = (idempotencyKey: string) => `Prospect Studio ref ${idempotencyKey}`;

export function noteBody(payload: ExportPayload, idempotencyKey: string): string {
  const parts: string[] = [];
  for (const [stepId, output] of Object.entries(payload.outputs)) {
    if (typeof output.body === "string") {
      const subject =
        typeof output.subject === "string"
          ? `<p><strong>${escapeHtml(output.subject)}</strong></p>`
          : "";
      const channel = typeof output.channel === "string" ? ` (${escapeHtml(output.channel)})` : "";
      parts.push(
        `<p><em>${escapeHtml(stepId)}${channel}</em></p>${subject}${paragraphs(output.body)}`,
      );
    } else if (Array.isArray(output.insights)) {
      const items = output.insights
        .filter(
          (i): i is { title: string } =>
            typeof i === "object" &&
            i !== null &&
            typeof (i as { title?: unknown }).title === "string",
        )
        .map((i) => `<li>${escapeHtml(i.title)}</li>`)
        .join("");
      if (items) parts.push(`<p><em>${escapeHtml(stepId)}</em></p><ul>${items}</ul>`);
    }
  }
  parts.push(`<p><small>${escapeHtml(noteReference(idempotencyKey))}</small></p>`);
  return parts.join("");
}

function at(value: unknown, path: string[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/**
 * Resolves `{ outputPath: hubspotProperty }`. A path is `<stepId>.<field>` or just `<field>`
 * (the first upstream output that has it); `idempotencyKey` and `runId` are also available.
 */
export function mappedProperties(
  mapping: Record<string, string>,
  payload: ExportPayload,
  idempotencyKey: string,
): { properties: Record<string, string>; missing: string[] } {
  const properties: Record<string, string> = {};
  const missing: string[] = [];
  const specials: Record<string, string> = { idempotencyKey, runId: payload.runId };
  for (const [path, property] of Object.entries(mapping)) {
    const parts = path.split(".");
    let value: unknown = specials[path] ?? at(payload.outputs, parts);
    for (const output of Object.values(payload.outputs)) {
      if (value !== undefined) break;
      value = at(output, parts);
    }
    if (value === undefined || value === null) missing.push(path);
    else
      properties[property] =
        typeof value === "string"
          ? value
          : typeof value === "object"
            ? JSON.stringify(value)
            : String(value);
  }
  return { properties, missing };
}
