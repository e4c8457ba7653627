// Cell commands: Click to Run (rule 2), Run Again (3, 18), Cancel (11), edits (9, 10).
import type { Campaign, CellRecord, Step } from "@studio/contracts";
import { type Draft, endRun, setState } from "../draft";
import { dependentsOf } from "../graph";
import { commandRunId, hashInputs } from "../hash";
import { applyOverrides, resolveBaseInputs, resolveInputs } from "../inputs";
import { cloneJson, jsonEqual } from "../json";
import { cellOf, propagate } from "../propagate";
import { queueCell } from "../queue";
import type { CellCommandEvent } from "../types";

type Of<T extends CellCommandEvent["type"]> = Extract<CellCommandEvent, { type: T }>;

function runIdOf(draft: Draft, event: CellCommandEvent): string {
  return commandRunId(event.commandId, draft.row.prospect.id, event.stepId);
}

/** Rule 2: a ready, skipped (forced) or canceled cell runs on freshly resolved inputs. */
export function clickToRun(draft: Draft, step: Step, event: Of<"cell.run">): void {
  const cell = cellOf(draft, step);
  const inputs = resolveInputs(draft.campaign, draft.row, step.id);
  queueCell(draft, cell, step, inputs, {
    runId: runIdOf(draft, event),
    trigger: event.trigger,
    by: event.by,
  });
}

/**
 * Rule 3: "same inputs as before, unless you've made edits". A stale cell re-resolves from the
 * current upstream first (that is what stale means); then the cell's edits apply on top.
 */
export function rerunInputs(campaign: Campaign, draft: Draft, cell: CellRecord) {
  const base =
    cell.state === "stale" || !cell.lastInputs
      ? resolveBaseInputs(campaign, draft.row, cell.stepId)
      : cell.lastInputs;
  return applyOverrides(base, cell.inputOverrides);
}

export function runAgain(draft: Draft, step: Step, event: Of<"cell.rerun">): void {
  const cell = cellOf(draft, step);
  const inputs = rerunInputs(draft.campaign, draft, cell);
  // Rule 18: re-sending a delivered payload is deliberate only here. A stale export whose
  // payload is unchanged (e.g. its target config changed) is re-sent on purpose as well.
  const inputHash = hashInputs(inputs);
  const samePayload = inputHash === cell.lastSuccessInputHash;
  const freshExportKey =
    step.kind === "export" && (cell.state === "done" || (cell.state === "stale" && samePayload));
  queueCell(draft, cell, step, inputs, {
    runId: runIdOf(draft, event),
    trigger: event.trigger,
    by: event.by,
    freshExportKey,
    inputHash,
  });
}

/** Rule 11: back to `ready`, Auto-Pilot too; a late result of this run is ignored. */
export function cancel(draft: Draft, step: Step, _event: Of<"cell.cancel">): void {
  const cell = cellOf(draft, step);
  endRun(draft, cell, "canceled");
  setState(cell, "ready");
  cell.canceled = true;
  delete cell.error;
}

/** Rules 9 and 10. Output first (needs `done`), then inputs (which make a done cell stale). */
export function edit(draft: Draft, step: Step, event: Of<"cell.edit">): void {
  const cell = cellOf(draft, step);
  const stamp = { by: event.by ?? "api", at: draft.ctx.now };
  if (event.output !== undefined && !jsonEqual(event.output, cell.output)) {
    cell.output = cloneJson(event.output);
    cell.edited = { ...cell.edited, output: stamp };
    const prospectId = draft.row.prospect.id;
    propagate(draft, new Set(dependentsOf(draft.campaign, step.id).map((s) => s.id)), {
      runIdFor: (stepId) => commandRunId(event.commandId, prospectId, stepId),
      allowAuto: true,
    });
  }
  if (event.inputs !== undefined && !jsonEqual(event.inputs, cell.inputOverrides ?? {})) {
    // The edit replaces the overrides as a whole, so sending `{}` clears them.
    if (Object.keys(event.inputs).length > 0) cell.inputOverrides = cloneJson(event.inputs);
    else delete cell.inputOverrides;
    cell.edited = { ...cell.edited, inputs: stamp };
    // Nothing auto-runs on an input edit, Auto-Pilot included: the cell is only marked stale.
    if (cell.state === "done") setState(cell, "stale");
  }
}
