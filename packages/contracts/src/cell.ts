// Cells (one prospect × one step), runs, and the row value that holds all cells of a prospect.
import { z } from "zod";
import { IdSchema, TimestampSchema } from "./ids";
import { OutputSchema } from "./outputs";
import { ProspectSchema } from "./prospect";

export const CellStates = [
  "waiting",
  "ready",
  "queued",
  "running",
  "done",
  "failed",
  "stale",
  "skipped",
] as const;
export const CellStateSchema = z.enum(CellStates);
export type CellState = z.infer<typeof CellStateSchema>;

export const RunTriggers = ["click", "rerun", "auto", "bulk", "api"] as const;
export const RunTriggerSchema = z.enum(RunTriggers);
export type RunTrigger = z.infer<typeof RunTriggerSchema>;

export const RunOutcomes = ["done", "failed", "canceled", "superseded"] as const;
export type RunOutcome = (typeof RunOutcomes)[number];

export const CellErrorSchema = z.strictObject({
  code: z.string().min(1).max(100),
  message: z.string().max(2_000),
  retryable: z.boolean(),
});
export type CellError = z.infer<typeof CellErrorSchema>;

/**
 * What a cell's action consumes: the prospect's fields and the outputs of the cells it
 * needs. `instructions` is a free-text input a user may add with an input edit.
 */
export const InputsSchema = z.strictObject({
  prospect: z.record(z.string(), z.unknown()),
  upstream: z.record(z.string(), OutputSchema),
  instructions: z.string().max(5_000).optional(),
});
export type Inputs = z.infer<typeof InputsSchema>;

/** A user's input edits (rule 10): shallow overrides of prospect fields / upstream outputs. */
export const InputOverridesSchema = z.strictObject({
  prospect: z.record(z.string(), z.unknown()).optional(),
  upstream: z.record(z.string(), OutputSchema).optional(),
  instructions: z.string().max(5_000).optional(),
});
export type InputOverrides = z.infer<typeof InputOverridesSchema>;

export const UsageSchema = z.strictObject({
  promptTokens: z.number().int().min(0).optional(),
  completionTokens: z.number().int().min(0).optional(),
  latencyMs: z.number().min(0).optional(),
  model: z.string().max(200).optional(),
});
export type Usage = z.infer<typeof UsageSchema>;

export const RunSchema = z.strictObject({
  runId: IdSchema,
  trigger: RunTriggerSchema,
  by: z.string().max(200).optional(),
  inputHash: z.string(),
  attempts: z.number().int().min(0),
  queuedAt: TimestampSchema,
  startedAt: TimestampSchema.optional(),
  finishedAt: TimestampSchema.optional(),
  outcome: z.enum(RunOutcomes).optional(),
  error: CellErrorSchema.optional(),
  usage: UsageSchema.optional(),
  /** Export runs: the delivery ledger key, kept so a lost publish can be re-sent as-is. */
  idempotencyKey: z.string().max(200).optional(),
});
export type Run = z.infer<typeof RunSchema>;

const EditStampSchema = z.strictObject({ by: z.string(), at: TimestampSchema });

/** The cell as the API and the event stream show it (API.md `Cell`). */
export const CellSchema = z.strictObject({
  campaignId: IdSchema,
  prospectId: IdSchema,
  stepId: IdSchema,
  state: CellStateSchema,
  runId: IdSchema.optional(),
  attempt: z.number().int().min(0),
  maxAttempts: z.number().int().min(1).optional(),
  inputHash: z.string().optional(),
  output: OutputSchema.optional(),
  edited: z
    .strictObject({ output: EditStampSchema.optional(), inputs: EditStampSchema.optional() })
    .optional(),
  inputOverrides: InputOverridesSchema.optional(),
  error: CellErrorSchema.optional(),
  waitingFor: z.array(IdSchema).optional(),
  skippedReason: z.string().optional(),
  /** True when the last run was canceled (the cell is `ready` and waits for a click). */
  canceled: z.boolean().optional(),
  updatedAt: TimestampSchema,
  version: z.number().int().min(0),
});
export type Cell = z.infer<typeof CellSchema>;

/** A cell as stored in its row: the public cell plus what the rules need to remember. */
export const CellRecordSchema = CellSchema.extend({
  /** The current (or last) run, in full. */
  run: RunSchema.optional(),
  /** Inputs the last run used (Run Again reuses them, rule 3). */
  lastInputs: InputsSchema.optional(),
  /** Input hash of the last successful run (rule 7 compares against it). */
  lastSuccessInputHash: z.string().optional(),
});
export type CellRecord = z.infer<typeof CellRecordSchema>;

/** Value of `studio_rows` `<workspace>.<campaign>.<prospect>`: the prospect and all its cells. */
export const RowSchema = z.strictObject({
  workspaceId: IdSchema,
  campaignId: IdSchema,
  prospect: ProspectSchema,
  cells: z.record(IdSchema, CellRecordSchema),
  /** Campaign definition version the cells were last computed with. */
  campaignVersion: z.number().int().min(0),
  /** Recently applied command ids (bounded): a redelivered command changes nothing (rule 17). */
  applied: z.array(z.string()).max(64),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
  /** Increases on every write of the row. */
  version: z.number().int().min(0),
});
export type Row = z.infer<typeof RowSchema>;

/** History entry in `studio_history`: one finished (or superseded) run of a cell. */
export const HistoryEntrySchema = RunSchema.extend({
  workspaceId: IdSchema,
  campaignId: IdSchema,
  prospectId: IdSchema,
  stepId: IdSchema,
});
export type HistoryEntry = z.infer<typeof HistoryEntrySchema>;
