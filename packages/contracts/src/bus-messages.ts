// Payloads on the bus: commands (gateway → orchestrator), runs (orchestrator → workers),
// results (workers → orchestrator and any subscriber). Every consumer validates them.
import { z } from "zod";
import {
  CellErrorSchema,
  InputOverridesSchema,
  InputsSchema,
  RunTriggerSchema,
  UsageSchema,
} from "./cell";
import { IdSchema, TimestampSchema } from "./ids";
import { StepKinds } from "./names";
import { OutputSchema } from "./outputs";
import { ProspectPatchSchema, ProspectSchema } from "./prospect";
import { StepSchema } from "./step";

const CommandBase = {
  /** Unique per command; redelivery of the same id changes nothing (rule 17). */
  commandId: z.string().min(1).max(300),
  workspaceId: IdSchema,
  campaignId: IdSchema,
  /** The campaign version the command was accepted against. */
  campaignVersion: z.number().int().min(0),
  by: z.string().max(200).optional(),
  at: TimestampSchema,
};
const CellTarget = { prospectId: IdSchema, stepId: IdSchema };

export const CommandSchema = z.discriminatedUnion("type", [
  z.strictObject({
    ...CommandBase,
    type: z.literal("prospects.upsert"),
    prospects: z.array(ProspectSchema).min(1).max(1_000),
  }),
  z.strictObject({
    ...CommandBase,
    type: z.literal("prospect.edit"),
    prospectId: IdSchema,
    patch: ProspectPatchSchema,
  }),
  z.strictObject({
    ...CommandBase,
    ...CellTarget,
    type: z.literal("cell.run"),
    trigger: RunTriggerSchema,
  }),
  z.strictObject({
    ...CommandBase,
    ...CellTarget,
    type: z.literal("cell.rerun"),
    trigger: RunTriggerSchema,
  }),
  z.strictObject({ ...CommandBase, ...CellTarget, type: z.literal("cell.cancel") }),
  z.strictObject({
    ...CommandBase,
    ...CellTarget,
    type: z.literal("cell.edit"),
    output: OutputSchema.optional(),
    inputs: InputOverridesSchema.optional(),
  }),
  /** A step definition changed (rules 8, 16); one command per row, fanned out by the gateway. */
  z.strictObject({
    ...CommandBase,
    ...CellTarget,
    type: z.literal("step.changed"),
    autoRunSwitchedOn: z.boolean(),
    runExisting: z.boolean(),
    configChanged: z.boolean(),
    runIfChanged: z.boolean(),
  }),
]);
export type Command = z.infer<typeof CommandSchema>;
export type CommandType = Command["type"];

/** A unit of work for a step worker (`studio.run.<kind>`): everything it needs, no reads. */
export const RunMessageSchema = z.strictObject({
  runId: IdSchema,
  workspaceId: IdSchema,
  campaignId: IdSchema,
  prospectId: IdSchema,
  stepId: IdSchema,
  kind: z.enum(StepKinds),
  step: StepSchema,
  inputs: InputsSchema,
  inputHash: z.string(),
  /** Export steps: the delivery ledger key (SPEC rule 18). */
  idempotencyKey: z.string().min(1).max(200).optional(),
  trigger: RunTriggerSchema,
  queuedAt: TimestampSchema,
});
export type RunMessage = z.infer<typeof RunMessageSchema>;

/** Most runs one message carries (the orchestrator batches the runs it queues together). */
export const MAX_RUNS_PER_MESSAGE = 256;

/** Several runs of one kind in one message: one publish, one delivery and one ack for all. */
export const RunBatchSchema = z.strictObject({
  runs: z.array(RunMessageSchema).min(1).max(MAX_RUNS_PER_MESSAGE),
});
export type RunBatch = z.infer<typeof RunBatchSchema>;

/** What `studio.run.<kind>` carries: one run, or a batch of them. */
export const RunPayloadSchema = z.union([RunMessageSchema, RunBatchSchema]);
export type RunPayload = z.infer<typeof RunPayloadSchema>;

/** The runs in a run message, in the order they were queued. */
export function runsIn(payload: RunPayload): RunMessage[] {
  return "runs" in payload ? payload.runs : [payload];
}

const ResultBase = {
  runId: IdSchema,
  workspaceId: IdSchema,
  campaignId: IdSchema,
  prospectId: IdSchema,
  stepId: IdSchema,
  kind: z.enum(StepKinds),
  /** 1-based delivery attempt. */
  attempt: z.number().int().min(1),
  at: TimestampSchema,
};

export const ResultSchema = z.discriminatedUnion("type", [
  z.strictObject({ ...ResultBase, type: z.literal("started") }),
  z.strictObject({
    ...ResultBase,
    type: z.literal("succeeded"),
    output: OutputSchema,
    usage: UsageSchema.optional(),
  }),
  /** `willRetry`: a retryable failure with attempts left; the cell stays `running` (rule 6). */
  z.strictObject({
    ...ResultBase,
    type: z.literal("failed"),
    error: CellErrorSchema,
    willRetry: z.boolean(),
    retryInMs: z.number().int().min(0).optional(),
  }),
]);
export type Result = z.infer<typeof ResultSchema>;

/** Most results one message carries (a worker batches the results that are ready together). */
export const MAX_RESULTS_PER_MESSAGE = 256;

/** Several results of one campaign in one message: one publish, one delivery, one ack. */
export const ResultBatchSchema = z.strictObject({
  results: z.array(ResultSchema).min(1).max(MAX_RESULTS_PER_MESSAGE),
});
export type ResultBatch = z.infer<typeof ResultBatchSchema>;

/** What `studio.result.<workspace>.<campaign>` carries: one result, or a batch of them. */
export const ResultMessageSchema = z.union([ResultSchema, ResultBatchSchema]);
export type ResultMessage = z.infer<typeof ResultMessageSchema>;

/** The results in a results message, in the order they were reported. */
export function resultsIn(message: ResultMessage): Result[] {
  return "results" in message ? message.results : [message];
}
