// Rules 1 and 7: where a cell stands given its upstream cells, and downstream propagation.
import type { CellRecord, Row, Step } from "@studio/contracts";
import { describeCondition, evaluateCondition } from "./condition";
import { blankCell, type Draft, setState, supersedeCurrentRun } from "./draft";
import { hashInputs } from "./hash";
import { conditionScope, resolveInputs } from "./inputs";
import { queueCell } from "./queue";

/** Needed step ids whose cell is not `done` (the cell's `waitingFor`). */
export function notDoneNeeds(row: Row, step: Step): string[] {
  return step.needs.filter((n) => row.cells[n]?.state !== "done");
}

export interface Reevaluation {
  /** Run id for an automatic run of this step, derived from the cause (determinism). */
  runIdFor: (stepId: string) => string;
  /** False for definition changes and late-added cells: Auto-Pilot cells become `ready` instead. */
  allowAuto: boolean;
}

/** Holds a cell (creating it if the campaign grew) for the rules to mutate. */
export function cellOf(draft: Draft, step: Step): CellRecord {
  let cell = draft.row.cells[step.id];
  if (!cell) {
    cell = blankCell(draft, step);
    draft.row.cells[step.id] = cell;
  }
  return cell;
}

/** Re-evaluates one cell after its inputs may have changed (rule 7, and rule 1 for new cells). */
export function reevaluate(draft: Draft, step: Step, how: Reevaluation): void {
  const { row, campaign } = draft;
  const cell = cellOf(draft, step);
  const waitingFor = notDoneNeeds(row, step);
  if (waitingFor.length > 0) {
    // A done/failed/stale or in-flight cell keeps its state (and output) until upstreams settle.
    if (cell.state === "waiting" || cell.state === "ready" || cell.state === "skipped") {
      setState(cell, "waiting");
      cell.waitingFor = waitingFor;
    }
    return;
  }
  if (step.runIf && !evaluateCondition(step.runIf, conditionScope(row))) {
    supersedeCurrentRun(draft, cell);
    setState(cell, "skipped");
    cell.skippedReason = describeCondition(step.runIf);
    return;
  }
  const inputs = resolveInputs(campaign, row, step.id);
  const hash = hashInputs(inputs);
  const queue = () =>
    queueCell(draft, cell, step, inputs, {
      runId: how.runIdFor(step.id),
      trigger: "auto",
      inputHash: hash,
    });

  if (step.autoRun && how.allowAuto) {
    switch (cell.state) {
      case "queued":
      case "running":
        // Already working on exactly these inputs: nothing to redo.
        if (cell.run?.inputHash !== hash) queue();
        return;
      case "failed":
      case "waiting":
      case "skipped":
        queue();
        return;
      default:
        // ready (canceled) / done / stale: only a changed payload re-runs (rule 7, rule 18).
        if (cell.lastSuccessInputHash !== hash) queue();
        return;
    }
  }
  switch (cell.state) {
    case "waiting":
    case "skipped":
      setState(cell, "ready");
      return;
    case "done":
    case "failed":
      if (cell.inputHash !== hash) setState(cell, "stale");
      return;
    default:
      return; // ready, stale, queued, running: Co-Pilot cells never run without a click.
  }
}

/** Re-evaluates the given steps left to right, so an upstream queued first holds its dependents. */
export function propagate(draft: Draft, stepIds: ReadonlySet<string>, how: Reevaluation): void {
  for (const step of draft.campaign.steps) {
    if (stepIds.has(step.id)) reevaluate(draft, step, how);
  }
}

/** Cells for steps added since the row was computed; cells of removed steps are dropped. */
export function syncCells(draft: Draft, how: Reevaluation): void {
  const ids = new Set(draft.campaign.steps.map((s) => s.id));
  for (const id of Object.keys(draft.row.cells)) {
    if (!ids.has(id)) delete draft.row.cells[id];
  }
  const missing = draft.campaign.steps.filter((s) => !draft.row.cells[s.id]).map((s) => s.id);
  if (missing.length > 0) propagate(draft, new Set(missing), { ...how, allowAuto: false });
}
