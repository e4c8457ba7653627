// Turns a model's reply into a valid output, or a reason the model can act on in its repair
// attempt. Models often wrap JSON in fences or add stray keys; those are tolerated, not fatal.
import { ContentOutputSchema, InsightOutputSchema } from "@studio/contracts";
import type { z } from "zod";
import { DEFAULT_MAX_INSIGHTS } from "../insight/local-insight";
import type { OutputByKind } from "../types";
import type { AnyGenerateRequest } from "./prompt";

export type Answer<T> = { ok: true; output: T } | { ok: false; reason: string };

const pickKeys = (value: unknown, keys: readonly string[]): unknown => {
  if (!value || typeof value !== "object" || Array.isArray(value)) return value;
  const record = value as Record<string, unknown>;
  return Object.fromEntries(keys.filter((k) => k in record).map((k) => [k, record[k]]));
};

const describe = (error: z.ZodError) =>
  error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length > 0 ? i.path.join(".") : "(root)"}: ${i.message}`)
    .join("; ");

function parseJson(text: string): Answer<unknown> {
  const fenced = /^\s*```(?:json)?\s*([\s\S]*?)\s*```\s*$/i.exec(text);
  try {
    return { ok: true, output: JSON.parse(fenced ? fenced[1]! : text) };
  } catch (err) {
    return { ok: false, reason: `the answer is not valid JSON (${(err as Error).message})` };
  }
}

export function readAnswer(
  request: AnyGenerateRequest,
  content: string | null | undefined,
): Answer<OutputByKind[AnyGenerateRequest["kind"]]> {
  if (!content?.trim()) return { ok: false, reason: "the answer is empty" };
  const json = parseJson(content);
  if (!json.ok) return json;
  if (request.kind === "insight") {
    const raw = json.output as { insights?: unknown };
    const insights = Array.isArray(raw?.insights)
      ? raw.insights.map((i) => pickKeys(i, ["kind", "title", "detail", "source", "score"]))
      : raw?.insights;
    const parsed = InsightOutputSchema.safeParse({ insights });
    if (!parsed.success) return { ok: false, reason: describe(parsed.error) };
    const max = request.step.config.maxInsights ?? DEFAULT_MAX_INSIGHTS;
    const sorted = [...parsed.data.insights].sort((a, b) => b.score - a.score);
    return { ok: true, output: { insights: sorted.slice(0, max) } };
  }
  // The step decides the channel, not the model; only email has a subject.
  const channel = request.step.config.channel ?? "email";
  const picked = pickKeys(json.output, channel === "email" ? ["subject", "body"] : ["body"]);
  const parsed = ContentOutputSchema.safeParse({ ...(picked as object), channel });
  if (!parsed.success) return { ok: false, reason: describe(parsed.error) };
  return { ok: true, output: parsed.data };
}
