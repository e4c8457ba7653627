// Validated outputs of each step kind (SPEC §3).
import { z } from "zod";
import { ContentChannels } from "./step";

export const InsightKinds = [
  "news",
  "funding",
  "hiring",
  "job_change",
  "tech_stack",
  "role",
  "company",
  "other",
] as const;

export const InsightSchema = z.strictObject({
  kind: z.string().min(1).max(50),
  title: z.string().min(1).max(500),
  detail: z.string().max(5_000),
  source: z.string().max(2_000).optional(),
  score: z.number().min(0).max(1),
});
export const InsightOutputSchema = z.strictObject({ insights: z.array(InsightSchema).max(50) });
export type InsightOutput = z.infer<typeof InsightOutputSchema>;

export const ContentOutputSchema = z.strictObject({
  channel: z.enum(ContentChannels),
  subject: z.string().max(1_000).optional(),
  body: z.string().min(1).max(20_000),
});
export type ContentOutput = z.infer<typeof ContentOutputSchema>;

export const ExportOutputSchema = z.strictObject({
  target: z.string().min(1).max(50),
  status: z.enum(["delivered", "duplicate"]),
  externalId: z.string().max(500).optional(),
  deliveredAt: z.iso.datetime({ offset: true }),
  idempotencyKey: z.string().min(1).max(200),
});
export type ExportOutput = z.infer<typeof ExportOutputSchema>;

export const StepOutputSchemas = {
  insight: InsightOutputSchema,
  content: ContentOutputSchema,
  export: ExportOutputSchema,
} as const;

/** Any step's output as stored on a cell (edits may replace it with the same shape). */
export const OutputSchema = z.record(z.string(), z.unknown());
export type Output = z.infer<typeof OutputSchema>;
