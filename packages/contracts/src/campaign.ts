// Campaigns: an ordered list of steps plus its prospects. Stored in `studio_campaigns`.
import { z } from "zod";
import { IdSchema, TimestampSchema } from "./ids";
import { StepSchema } from "./step";

export const CampaignSchema = z.strictObject({
  id: IdSchema,
  workspaceId: IdSchema,
  name: z.string().min(1).max(200),
  steps: z.array(StepSchema).min(1).max(20),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
  /** Increases on every change of the definition; commands carry it so readers can catch up. */
  version: z.number().int().min(1),
});
export type Campaign = z.infer<typeof CampaignSchema>;
