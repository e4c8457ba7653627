// Step definition edits for one row (rules 8 and 16). The campaign passed in is the new one.
// Nothing here runs a cell except the explicit Auto-Pilot switch with runExisting.
import type { Step } from "@studio/contracts";
import { type Draft, setState } from "../draft";
import { commandRunId } from "../hash";
import { resolveInputs } from "../inputs";
import { cellOf, reevaluate } from "../propagate";
import { queueCell } from "../queue";
import type { EngineEvent } from "../types";

type StepChanged = Extract<EngineEvent, { type: "step.changed" }>;

export function stepChanged(draft: Draft, step: Step, event: StepChanged): void {
  const cell = cellOf(draft, step);
  const runId = commandRunId(event.commandId, draft.row.prospect.id, step.id);

  // A new runIf re-decides cells that have not run; it never starts one (a definition edit
  // could mean thousands of paid calls): an eligible Auto-Pilot cell becomes `ready`.
  if (event.runIfChanged && (cell.state === "ready" || cell.state === "skipped")) {
    reevaluate(draft, step, { runIdFor: () => runId, allowAuto: false });
  }

  // Rule 8: switched on → queue what is ready or stale now, unless "don't run existing".
  if (
    event.autoRunSwitchedOn &&
    event.runExisting &&
    (cell.state === "ready" || cell.state === "stale")
  ) {
    const inputs = resolveInputs(draft.campaign, draft.row, step.id);
    queueCell(draft, cell, step, inputs, { runId, trigger: "auto" });
  }

  // Rule 16: outputs made with the old config are outdated; a bulk "run stale" applies it.
  if (event.configChanged && cell.state === "done") setState(cell, "stale");
}
