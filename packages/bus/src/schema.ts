// The validation contract the bus needs from a schema: zod's `safeParse`, structurally.
// Structural on purpose: any zod schema fits, and the bus does not pin a zod version.
import type { IssueSummary } from "./errors";

export interface SchemaIssue {
  readonly path: ReadonlyArray<PropertyKey>;
  readonly message: string;
}

export type SafeParseResult<T> =
  | { success: true; data: T }
  | { success: false; error: { issues: ReadonlyArray<SchemaIssue> } };

export interface BusSchema<T> {
  safeParse(input: unknown): SafeParseResult<T>;
}

export type Decoded<T> = { ok: true; data: T } | { ok: false; issue: IssueSummary };

export function firstIssue(issues: ReadonlyArray<SchemaIssue>): IssueSummary {
  const issue = issues[0];
  if (issue === undefined) return { path: "", message: "invalid" };
  return { path: issue.path.map(String).join("."), message: issue.message };
}

export function validate<T>(schema: BusSchema<T>, value: unknown): Decoded<T> {
  const parsed = schema.safeParse(value);
  return parsed.success
    ? { ok: true, data: parsed.data }
    : { ok: false, issue: firstIssue(parsed.error.issues) };
}

const decoder = new TextDecoder();
const encoder = new TextEncoder();

/** Bytes → JSON → schema; bad JSON is reported like a schema issue so callers handle one case. */
export function decodeJson<T>(schema: BusSchema<T>, bytes: Uint8Array): Decoded<T> {
  let value: unknown;
  try {
    value = JSON.parse(decoder.decode(bytes));
  } catch (err) {
    return { ok: false, issue: { path: "", message: `bad JSON: ${(err as Error).message}` } };
  }
  return validate(schema, value);
}

export function encodeJson(value: unknown): Uint8Array {
  return encoder.encode(JSON.stringify(value));
}
