// Stable hashing: canonical JSON, input hashes, run ids and export idempotency keys.
// Everything here must give the same answer on every replica and every redelivery.
import { hash } from "node:crypto";
import type { Inputs } from "@studio/contracts";

/** JSON with object keys sorted and `undefined` members dropped, so equal values hash equally. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") {
    // JSON.stringify(undefined) is undefined; inside arrays JSON uses null, so do we.
    return JSON.stringify(value) ?? "null";
  }
  // Plain loops and string concatenation: this runs for every cell the engine re-evaluates.
  if (Array.isArray(value)) {
    let out = "[";
    for (let i = 0; i < value.length; i++) out += (i === 0 ? "" : ",") + canonicalJson(value[i]);
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  // Default sort compares UTF-16 code units, the same order as `<` on strings.
  const keys = Object.keys(record).sort();
  let out = "{";
  for (const key of keys) {
    const member = record[key];
    if (member === undefined) continue;
    out += `${out.length === 1 ? "" : ","}${JSON.stringify(key)}:${canonicalJson(member)}`;
  }
  return `${out}}`;
}

function sha256(text: string): Buffer {
  // One-shot hash (Node ≥ 20.12): no Hash object per call.
  return hash("sha256", text, "buffer");
}

/** Canonical inputs → sha256 hex. Rule 7 compares these to decide whether a step re-runs. */
export function hashInputs(inputs: Inputs): string {
  return sha256(canonicalJson(inputs)).toString("hex");
}

/** Deterministic, URL-safe run id: a replayed cause yields the same id, so JetStream dedups. */
export function runIdFor(seed: string): string {
  return `r_${sha256(seed).toString("base64url").slice(0, 22)}`;
}

/** Seed of a run caused by a command (click, bulk, edit, upsert). */
export function commandRunId(commandId: string, prospectId: string, stepId: string): string {
  return runIdFor(`cmd|${commandId}|${prospectId}|${stepId}`);
}

/** Seed of an automatic run caused by an upstream run's result (rule 7). */
export function autoRunId(upstreamRunId: string, stepId: string): string {
  return runIdFor(`auto|${upstreamRunId}|${stepId}`);
}

export interface RowKeyParts {
  workspaceId: string;
  campaignId: string;
  prospectId: string;
}

/**
 * Rule 18: the export ledger key. Same cell + same input hash → same key, so automatic runs,
 * retries and redeliveries deliver a payload once. A deliberate Run Again passes its run id and
 * gets a fresh key. Hashed because the raw parts can exceed 200 chars; base64url is KV-key safe.
 */
export function exportIdempotencyKey(
  parts: RowKeyParts,
  stepId: string,
  inputHash: string,
  rerunRunId?: string,
): string {
  const seed = [parts.workspaceId, parts.campaignId, parts.prospectId, stepId, inputHash];
  if (rerunRunId !== undefined) seed.push(`rerun=${rerunRunId}`);
  return `x_${sha256(seed.join("|")).toString("base64url")}`;
}
