// `runIf` evaluation: conditions are data, looked up and compared here — never eval/Function.
import type { Condition, Scalar } from "@studio/contracts";

/** What a condition can see: the prospect (as stored) and the outputs of the row's cells. */
export interface ConditionScope {
  prospect: Record<string, unknown>;
  steps: Record<string, unknown>;
}

// Bounds keep `matches` cheap: a short pattern, a bounded subject, and no nested quantifiers
// (the classic catastrophic-backtracking shape such as `(a+)+`).
const MAX_PATTERN = 200;
const MAX_SUBJECT = 2_000;
const MAX_DEPTH = 16;
const NESTED_QUANTIFIER = /\([^)]*[+*}][^)]*\)\s*[+*{]/;

/** Reads `title`, `fields.region`, `prospect.title` or `steps.<id>.<path>` (numeric = index). */
export function lookupField(field: string, scope: ConditionScope): unknown {
  const parts = field.split(".");
  let current: unknown;
  let rest: string[];
  if (parts[0] === "steps") {
    current = scope.steps[parts[1] ?? ""];
    rest = parts.slice(2);
  } else {
    current = scope.prospect;
    rest = parts[0] === "prospect" ? parts.slice(1) : parts;
  }
  for (const key of rest) {
    if (current === null || typeof current !== "object") return undefined;
    if (!Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function isEmpty(v: unknown): boolean {
  return v === undefined || v === null || v === "" || (Array.isArray(v) && v.length === 0);
}

function asNumber(v: unknown): number | undefined {
  if (typeof v === "number") return Number.isFinite(v) ? v : undefined;
  if (typeof v === "string" && v.trim() !== "") {
    const n = Number(v);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

// Reps type "vp" and mean "VP": string comparisons ignore case and surrounding spaces.
function norm(v: unknown): unknown {
  return typeof v === "string" ? v.trim().toLowerCase() : v;
}

function equals(actual: unknown, expected: Scalar | undefined): boolean {
  if (Array.isArray(actual)) return actual.some((a) => equals(a, expected));
  const an = asNumber(actual);
  const en = asNumber(expected);
  if (typeof expected === "number" && an !== undefined) return an === expected;
  if (typeof actual === "number" && en !== undefined) return actual === en;
  if (expected === null || expected === undefined) return isEmpty(actual);
  return norm(actual) === norm(expected);
}

function contains(actual: unknown, expected: Scalar | undefined): boolean {
  if (expected === undefined || expected === null) return false;
  if (Array.isArray(actual))
    return actual.some((a) => equals(a, expected) || contains(a, expected));
  if (typeof actual !== "string") return false;
  return actual.toLowerCase().includes(String(expected).toLowerCase());
}

function compare(actual: unknown, expected: Scalar | undefined): number | undefined {
  const a = asNumber(actual);
  const e = asNumber(expected);
  if (a !== undefined && e !== undefined) return a - e;
  // ISO dates and other strings compare lexicographically, which is what dates need.
  if (typeof actual === "string" && typeof expected === "string") {
    return actual < expected ? -1 : actual > expected ? 1 : 0;
  }
  return undefined;
}

/** Safe regex test: invalid, too long or backtracking-prone patterns are simply false. */
export function safeMatches(actual: unknown, pattern: Scalar | undefined): boolean {
  if (typeof pattern !== "string" || pattern.length > MAX_PATTERN) return false;
  if (NESTED_QUANTIFIER.test(pattern)) return false;
  if (typeof actual !== "string" && typeof actual !== "number") return false;
  let re: RegExp;
  try {
    re = new RegExp(pattern, "i");
  } catch {
    return false;
  }
  return re.test(String(actual).slice(0, MAX_SUBJECT));
}

function evaluateAt(cond: Condition, scope: ConditionScope, depth: number): boolean {
  if (depth > MAX_DEPTH) return false;
  if ("all" in cond) return cond.all.every((c) => evaluateAt(c, scope, depth + 1));
  if ("any" in cond) return cond.any.some((c) => evaluateAt(c, scope, depth + 1));
  const actual = lookupField(cond.field, scope);
  switch (cond.op) {
    case "exists":
      return !isEmpty(actual);
    case "missing":
      return isEmpty(actual);
    case "eq":
      return equals(actual, cond.value);
    case "neq":
      return !equals(actual, cond.value);
    case "contains":
      return contains(actual, cond.value);
    case "gt": {
      const c = compare(actual, cond.value);
      return c !== undefined && c > 0;
    }
    case "lt": {
      const c = compare(actual, cond.value);
      return c !== undefined && c < 0;
    }
    case "matches":
      return safeMatches(actual, cond.value);
  }
}

export function evaluateCondition(cond: Condition, scope: ConditionScope): boolean {
  return evaluateAt(cond, scope, 0);
}

/** Readable form for "Skipped: ‹condition›". */
export function describeCondition(cond: Condition): string {
  if ("all" in cond) return cond.all.map(describeCondition).join(" and ");
  if ("any" in cond) return `(${cond.any.map(describeCondition).join(" or ")})`;
  if (cond.op === "exists" || cond.op === "missing") return `${cond.field} ${cond.op}`;
  return `${cond.field} ${cond.op} ${JSON.stringify(cond.value ?? null)}`;
}
