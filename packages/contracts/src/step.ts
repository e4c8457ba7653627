// Steps (columns) and their kind-specific config (API.md "Step config per kind").
import { z } from "zod";
import { ConditionSchema } from "./condition";
import { IdSchema } from "./ids";
import { StepKinds } from "./names";

export const StepKindSchema = z.enum(StepKinds);

/** Names a secret; the value comes from STUDIO_SECRET_<NAME> of the service that uses it. */
export const SecretRefSchema = z
  .string()
  .regex(/^[A-Z0-9_]{1,64}$/, "must be an upper-case name such as HUBSPOT_TOKEN");

export const InsightConfigSchema = z.strictObject({
  provider: z.enum(["local", "llm"]).optional(),
  maxInsights: z.number().int().min(1).max(20).optional(),
  prompt: z.string().max(20_000).optional(),
});
export type InsightConfig = z.infer<typeof InsightConfigSchema>;

export const ContentChannels = ["email", "linkedin", "call"] as const;
export const ContentConfigSchema = z.strictObject({
  provider: z.enum(["local", "llm"]).optional(),
  channel: z.enum(ContentChannels).optional(),
  template: z.string().max(50_000).optional(),
  tone: z.string().max(200).optional(),
  prompt: z.string().max(20_000).optional(),
});
export type ContentConfig = z.infer<typeof ContentConfigSchema>;

export const ExportTargetSchema = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("file"), name: IdSchema.optional() }),
  z.strictObject({
    type: z.literal("webhook"),
    url: z.url({ protocol: /^https?$/ }).max(2000),
    secretRef: SecretRefSchema.optional(),
    timeoutMs: z.number().int().min(100).max(120_000).optional(),
  }),
  z.strictObject({
    type: z.literal("hubspot"),
    baseUrl: z
      .url({ protocol: /^https?$/ })
      .max(2000)
      .optional(),
    tokenRef: SecretRefSchema,
    mode: z.enum(["note", "properties"]),
    properties: z.record(z.string().max(200), z.string().max(200)).optional(),
  }),
]);
export type ExportTarget = z.infer<typeof ExportTargetSchema>;

export const ExportConfigSchema = z.strictObject({
  target: ExportTargetSchema.default({ type: "file" }),
});
export type ExportConfig = z.infer<typeof ExportConfigSchema>;

export const RetryPolicySchema = z.strictObject({
  maxAttempts: z.number().int().min(1).max(20),
  backoffMs: z.array(z.number().int().min(0).max(3_600_000)).max(20),
});
export type RetryPolicy = z.infer<typeof RetryPolicySchema>;

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 3, backoffMs: [1_000, 5_000, 30_000] };
export const DEFAULT_TIMEOUT_MS = 30_000;

const StepBaseSchema = z.strictObject({
  id: IdSchema,
  name: z.string().min(1).max(100),
  needs: z.array(IdSchema).max(20).default([]),
  autoRun: z.boolean(),
  runIf: ConditionSchema.optional(),
  retry: RetryPolicySchema.optional(),
  timeoutMs: z.number().int().min(100).max(600_000).optional(),
});

export const StepSchema = z.discriminatedUnion("kind", [
  StepBaseSchema.extend({ kind: z.literal("insight"), config: InsightConfigSchema.default({}) }),
  StepBaseSchema.extend({ kind: z.literal("content"), config: ContentConfigSchema.default({}) }),
  StepBaseSchema.extend({
    kind: z.literal("export"),
    config: ExportConfigSchema.default({ target: { type: "file" } }),
  }),
]);
export type Step = z.infer<typeof StepSchema>;
export type StepInput = z.input<typeof StepSchema>;

/** Config schema of one kind, for PATCHes that change only `config`. */
export const StepConfigSchemas = {
  insight: InsightConfigSchema,
  content: ContentConfigSchema,
  export: ExportConfigSchema,
} as const;
