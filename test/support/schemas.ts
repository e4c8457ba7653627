// Tiny hand-written schemas for bus tests (the bus only needs zod's `safeParse` shape, and
// packages/bus does not depend on zod itself).

type Issue = { path: PropertyKey[]; message: string };
type Result<T> = { success: true; data: T } | { success: false; error: { issues: Issue[] } };

export interface TestSchema<T> {
  safeParse(input: unknown): Result<T>;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Builds a schema from a checker returning the first problem as [path, message], or undefined. */
export function schemaOf<T>(check: (v: Record<string, unknown>) => [string, string] | undefined) {
  const schema: TestSchema<T> = {
    safeParse(input) {
      if (!isRecord(input))
        return { success: false, error: { issues: [{ path: [], message: "expected object" }] } };
      const problem = check(input);
      if (problem)
        return { success: false, error: { issues: [{ path: [problem[0]], message: problem[1] }] } };
      return { success: true, data: input as T };
    },
  };
  return schema;
}

export type Counter = { n: number };
export const CounterSchema = schemaOf<Counter>((v) =>
  typeof v.n === "number" && Number.isInteger(v.n) ? undefined : ["n", "expected integer"],
);

export type Job = { id: string; mode: "ok" | "retry" | "permanent" | "throw" | "slow" };
const modes = new Set(["ok", "retry", "permanent", "throw", "slow"]);
export const JobSchema = schemaOf<Job>((v) => {
  if (typeof v.id !== "string" || v.id === "") return ["id", "expected non-empty string"];
  if (typeof v.mode !== "string" || !modes.has(v.mode)) return ["mode", "unknown mode"];
  return undefined;
});
