// REST request bodies, queries and answers of the gateway (API.md). The OpenAPI document is
// generated from these.
import { z } from "zod";
import { CampaignSchema } from "./campaign";
import { CellSchema, CellStateSchema, InputOverridesSchema, RunSchema } from "./cell";
import { ConditionSchema } from "./condition";
import { IdSchema, RequestIdSchema } from "./ids";
import { OutputSchema } from "./outputs";
import { ProspectSchema } from "./prospect";
import { RetryPolicySchema, StepSchema } from "./step";

const WithRequestId = { requestId: RequestIdSchema.optional() };

export const MeResponseSchema = z.object({
  user: z.object({ id: IdSchema, name: z.string() }),
  workspace: z.object({ id: IdSchema, name: z.string() }),
});
export type MeResponse = z.infer<typeof MeResponseSchema>;

export const CampaignCreateBodySchema = z.strictObject({
  id: IdSchema.optional(),
  name: z.string().min(1).max(200),
  steps: z.array(StepSchema).min(1).max(20),
  ...WithRequestId,
});
export type CampaignCreateBody = z.input<typeof CampaignCreateBodySchema>;

export const CampaignListSchema = z.object({ items: z.array(CampaignSchema) });

export const StepPatchBodySchema = z
  .strictObject({
    autoRun: z.boolean().optional(),
    runExisting: z.boolean().optional(),
    name: z.string().min(1).max(100).optional(),
    runIf: ConditionSchema.nullable().optional(),
    retry: RetryPolicySchema.optional(),
    timeoutMs: z.number().int().min(100).max(600_000).optional(),
    /** Validated against the step's kind by the gateway. */
    config: z.record(z.string(), z.unknown()).optional(),
    ...WithRequestId,
  })
  .refine((b) => Object.keys(b).some((k) => k !== "requestId" && k !== "runExisting"), {
    message: "nothing to change: give autoRun, name, runIf, retry, timeoutMs or config",
  });
export type StepPatchBody = z.infer<typeof StepPatchBodySchema>;
export const StepPatchResponseSchema = z.object({ step: StepSchema, queued: z.number().int() });

/** Items are validated one by one so one bad row is refused with its number, not the import. */
export const ProspectUpsertBodySchema = z.strictObject({
  prospects: z.array(z.unknown()).min(1).max(10_000),
  ...WithRequestId,
});
export const ProspectUpsertResponseSchema = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  items: z.array(z.object({ id: IdSchema, email: z.string().optional() })),
  refused: z.array(
    z.object({
      row: z.number().int(),
      reason: z.string(),
      errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    }),
  ),
});
export type ProspectUpsertResponse = z.infer<typeof ProspectUpsertResponseSchema>;

export const ProspectListQuerySchema = z.strictObject({
  email: z.string().max(20_000).optional(),
  "crm.hubspot": z.string().max(5_000).optional(),
  "crm.salesforce": z.string().max(5_000).optional(),
  "crm.pipedrive": z.string().max(5_000).optional(),
  state: CellStateSchema.optional(),
  step: IdSchema.optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
  token: z.string().optional(),
});
export type ProspectListQuery = z.infer<typeof ProspectListQuerySchema>;

export const ProspectRowSchema = z.object({
  prospect: ProspectSchema,
  cells: z.record(IdSchema, CellSchema),
});
export type ProspectRow = z.infer<typeof ProspectRowSchema>;
export const ProspectListResponseSchema = z.object({
  items: z.array(ProspectRowSchema),
  nextCursor: z.string().optional(),
});
export type ProspectListResponse = z.infer<typeof ProspectListResponseSchema>;

export const SummaryResponseSchema = z.object({
  prospects: z.number().int(),
  steps: z.record(IdSchema, z.record(CellStateSchema, z.number().int())),
});
export type SummaryResponse = z.infer<typeof SummaryResponseSchema>;

export const CellWithHistorySchema = CellSchema.extend({ history: z.array(RunSchema) });
export type CellWithHistory = z.infer<typeof CellWithHistorySchema>;

export const CellCommandBodySchema = z.strictObject({ ...WithRequestId });
export const CellAnswerSchema = z.object({ cell: CellSchema });

export const CellEditBodySchema = z
  .strictObject({
    output: OutputSchema.optional(),
    inputs: InputOverridesSchema.optional(),
    ...WithRequestId,
  })
  .refine((b) => b.output !== undefined || b.inputs !== undefined, {
    message: "give output or inputs to edit",
  });
export type CellEditBody = z.infer<typeof CellEditBodySchema>;

export const BulkRunBodySchema = z.strictObject({
  stepId: IdSchema,
  prospectIds: z.array(IdSchema).max(10_000).optional(),
  states: z.array(CellStateSchema).min(1).max(8).optional(),
  limit: z.number().int().min(1).max(100_000).optional(),
  ...WithRequestId,
});
export type BulkRunBody = z.infer<typeof BulkRunBodySchema>;
export const BulkRunResponseSchema = z.object({
  accepted: z.number().int(),
  refused: z.array(z.object({ prospectId: IdSchema, reason: z.string() })),
});
export type BulkRunResponse = z.infer<typeof BulkRunResponseSchema>;

export const BulkStopBodySchema = z.strictObject({ stepId: IdSchema.optional(), ...WithRequestId });
export const BulkStopResponseSchema = z.object({ canceled: z.number().int() });

export const EventTypes = ["cell", "prospect", "step", "campaign", "reset"] as const;
export type EventType = (typeof EventTypes)[number];

/** Items are validated one by one: a bad signal is refused with its number, the rest imported. */
export const SignalImportBodySchema = z.strictObject({
  signals: z.array(z.unknown()).max(10_000),
  ...WithRequestId,
});
export const SignalImportResponseSchema = z.object({
  imported: z.number().int(),
  refused: z.array(z.object({ row: z.number().int(), message: z.string() })),
});
export type SignalImportResponse = z.infer<typeof SignalImportResponseSchema>;
