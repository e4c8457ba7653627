// The gateway's use of the pure cell rules: refuse early (409 at once instead of a silent
// no-op) and predict the cell a 202 answers with. The orchestrator stays the authority.
import type { Campaign, CellRecord, Row, Step } from "@studio/contracts";
import { applyEvent, type EngineEvent, type Refusal, validateSteps } from "@studio/engine";
import type { FieldError } from "../errors/problems";

export type CellEvent = Extract<
  EngineEvent,
  { type: "cell.run" | "cell.rerun" | "cell.cancel" | "cell.edit" }
>;

/**
 * checkCommand and predictCell in one pass of the rules: applyEvent refuses exactly what
 * checkCommand refuses, and otherwise yields the cell as accepted. One pass is half the work
 * on the hottest route (a click).
 */
export function decide(
  campaign: Campaign,
  row: Row,
  event: CellEvent,
  now: string,
): { refusal: Refusal } | { cell: CellRecord | undefined } {
  const t = applyEvent(campaign, row, event, { now });
  return t.refusal !== undefined ? { refusal: t.refusal } : { cell: t.row?.cells[event.stepId] };
}

export function stepErrors(steps: readonly Step[]): FieldError[] {
  const r = validateSteps(steps);
  return r.ok ? [] : r.errors;
}
