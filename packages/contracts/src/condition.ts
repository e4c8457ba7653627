// `runIf` conditions: data, never code. Evaluated by packages/engine.
import { z } from "zod";

export const ConditionOps = [
  "eq",
  "neq",
  "contains",
  "exists",
  "missing",
  "gt",
  "lt",
  "matches",
] as const;
export type ConditionOp = (typeof ConditionOps)[number];

export const ScalarSchema = z.union([z.string().max(10_000), z.number(), z.boolean(), z.null()]);
export type Scalar = z.infer<typeof ScalarSchema>;

export type Condition =
  | { field: string; op: ConditionOp; value?: Scalar | undefined }
  | { all: Condition[] }
  | { any: Condition[] };

const MAX_DEPTH = 8;

const FieldConditionSchema = z.strictObject({
  /** A prospect field (`title`, `fields.region`) or an upstream output (`steps.<id>.<path>`). */
  field: z.string().min(1).max(200),
  op: z.enum(ConditionOps),
  value: ScalarSchema.optional(),
});

function depth(c: unknown, d = 0): number {
  if (d > MAX_DEPTH || typeof c !== "object" || c === null) return d;
  const list = (c as { all?: unknown; any?: unknown }).all ?? (c as { any?: unknown }).any;
  if (!Array.isArray(list)) return d;
  return Math.max(d, ...list.map((x) => depth(x, d + 1)));
}

export const ConditionSchema: z.ZodType<Condition> = z
  .lazy(() =>
    z.union([
      FieldConditionSchema,
      z.strictObject({ all: z.array(ConditionSchema).min(1).max(50) }),
      z.strictObject({ any: z.array(ConditionSchema).min(1).max(50) }),
    ]),
  )
  .refine((c) => depth(c) <= MAX_DEPTH, `conditions nest at most ${MAX_DEPTH} levels`);
