// Worker results: started (rule 4), succeeded (5 → 7), failed (6); superseded and late ones (11, 12).
// Results are redelivered and reordered: each is idempotent by run id + attempt + type.
import type { CellRecord, Result, Step } from "@studio/contracts";
import { type Draft, endRun, hasOutcome, recordHistory, setState } from "../draft";
import { dependentsOf } from "../graph";
import { autoRunId, hashInputs } from "../hash";
import { resolveInputs } from "../inputs";
import { cloneJson } from "../json";
import { notDoneNeeds, propagate } from "../propagate";

export function applyResult(draft: Draft, step: Step, result: Result): void {
  const cell = draft.row.cells[step.id];
  if (!cell) return;
  if (cell.run?.runId !== result.runId) {
    superseded(draft, result);
    return;
  }
  const run = cell.run;
  // The run already ended (done, failed, canceled, superseded): duplicates and late results of
  // a canceled run change nothing (rule 11).
  if (run.outcome !== undefined) return;
  // An older attempt's start or failure arriving after a newer one is stale news. Its success
  // is not: the work of this run is done. (After a broker restart the first delivery can finish
  // after a redelivery started; the redelivery's own success then carries the same message id
  // and is dropped as a duplicate, so discarding this one left the cell running for ever.)
  if (result.attempt < cell.attempt && result.type !== "succeeded") return;
  run.startedAt ??= result.at;
  run.attempts = Math.max(run.attempts, result.attempt);
  switch (result.type) {
    case "started":
      if (cell.state === "queued" || cell.attempt < result.attempt) {
        setState(cell, "running");
        cell.attempt = result.attempt;
      }
      return;
    case "failed":
      cell.attempt = result.attempt;
      cell.error = result.error;
      if (result.willRetry) {
        setState(cell, "running"); // rule 6: shows "attempt n of max" while it waits its turn
        return;
      }
      setState(cell, "failed");
      endRun(draft, cell, "failed", { error: result.error });
      return; // downstream untouched
    case "succeeded":
      succeeded(draft, step, cell, result);
      return;
  }
}

function succeeded(
  draft: Draft,
  step: Step,
  cell: CellRecord,
  result: Extract<Result, { type: "succeeded" }>,
): void {
  const run = cell.run!;
  setState(cell, "done");
  cell.attempt = result.attempt;
  cell.output = cloneJson(result.output);
  delete cell.error;
  if (cell.edited?.output) {
    const { output: _old, ...rest } = cell.edited;
    if (Object.keys(rest).length > 0) cell.edited = rest;
    else delete cell.edited;
  }
  cell.lastSuccessInputHash = run.inputHash;
  endRun(draft, cell, "done", result.usage ? { usage: result.usage } : {});

  // A Co-Pilot cell whose upstream changed while it ran finished on outdated inputs.
  if (!step.autoRun && notDoneNeeds(draft.row, step).length === 0) {
    const fresh = hashInputs(resolveInputs(draft.campaign, draft.row, step.id));
    if (fresh !== run.inputHash) setState(cell, "stale");
  }

  propagate(draft, new Set(dependentsOf(draft.campaign, step.id).map((s) => s.id)), {
    runIdFor: (stepId) => autoRunId(run.runId, stepId),
    allowAuto: true,
  });
}

/** Rule 12: a result of a run that is not current is recorded once, as superseded. */
function superseded(draft: Draft, result: Result): void {
  if (hasOutcome(draft.row, result.runId)) return;
  recordHistory(draft, result.stepId, {
    runId: result.runId,
    // What caused it is unknown here (the cell moved on); "auto" is the neutral choice.
    trigger: "auto",
    inputHash: "",
    attempts: result.attempt,
    queuedAt: result.at,
    finishedAt: draft.ctx.now,
    outcome: "superseded",
    ...(result.type === "failed" ? { error: result.error } : {}),
    ...(result.type === "succeeded" && result.usage ? { usage: result.usage } : {}),
  });
}
