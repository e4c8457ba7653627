// Queuing a run: the one place a cell gets a new run and a RunMessage effect is produced.
import type { CellRecord, Inputs, RunMessage, RunTrigger, Step } from "@studio/contracts";
import { archiveRun, type Draft, maxAttemptsOf, setState, supersedeCurrentRun } from "./draft";
import { exportIdempotencyKey, hashInputs } from "./hash";
import { cloneJson } from "./json";

export interface QueueOptions {
  runId: string;
  trigger: RunTrigger;
  by?: string | undefined;
  /** Rule 18: a deliberate Run Again on a delivered export gets a key that includes its run id. */
  freshExportKey?: boolean;
  /** `hashInputs(inputs)` when the caller already has it (it is the hot path's costliest part). */
  inputHash?: string;
}

export function queueCell(
  draft: Draft,
  cell: CellRecord,
  step: Step,
  inputs: Inputs,
  opts: QueueOptions,
): void {
  // A redelivered cause computes the same run id: never queue the same run twice.
  if (cell.run?.runId === opts.runId) return;
  supersedeCurrentRun(draft, cell);
  archiveRun(draft, cell);
  const inputHash = opts.inputHash ?? hashInputs(inputs);
  const { row, ctx } = draft;
  const idempotencyKey =
    step.kind === "export"
      ? exportIdempotencyKey(
          {
            workspaceId: row.workspaceId,
            campaignId: row.campaignId,
            prospectId: row.prospect.id,
          },
          step.id,
          inputHash,
          opts.freshExportKey ? opts.runId : undefined,
        )
      : undefined;

  setState(cell, "queued");
  cell.runId = opts.runId;
  cell.attempt = 0;
  cell.maxAttempts = maxAttemptsOf(step);
  cell.inputHash = inputHash;
  cell.lastInputs = inputs;
  delete cell.error;
  cell.run = {
    runId: opts.runId,
    trigger: opts.trigger,
    inputHash,
    attempts: 0,
    queuedAt: ctx.now,
  };
  if (opts.by !== undefined) cell.run.by = opts.by;
  if (idempotencyKey !== undefined) cell.run.idempotencyKey = idempotencyKey;

  const run: RunMessage = {
    runId: opts.runId,
    workspaceId: row.workspaceId,
    campaignId: row.campaignId,
    prospectId: row.prospect.id,
    stepId: step.id,
    kind: step.kind,
    step: cloneJson(step),
    inputs: cloneJson(inputs),
    inputHash,
    trigger: opts.trigger,
    queuedAt: ctx.now,
  };
  if (idempotencyKey !== undefined) run.idempotencyKey = idempotencyKey;
  draft.effects.push({ type: "queue", run });
}
