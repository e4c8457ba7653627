// The gateway's use of the pure cell rules: refuse early (409 at once instead of a silent
// no-op) and predict the cell a 202 answers with. The orchestrator stays the authority.
import type { Campaign, CellRecord, Row, Step } from "@studio/contracts";
import {
  applyEvent,
  checkCommand,
  type EngineEvent,
  type Refusal,
  validateSteps,
} from "@studio/engine";
import type { FieldError } from "../errors/problems";

export type CellEvent = Extract<
  EngineEvent,
  { type: "cell.run" | "cell.rerun" | "cell.cancel" | "cell.edit" }
>;

export function refusalFor(campaign: Campaign, row: Row, event: CellEvent): Refusal | undefined {
  return checkCommand(campaign, row, event);
}

/**
 * The stored cell as it will stand once the orchestrator applies the event (queued for
 * run/rerun): the engine's predictCell, kept as a record so later commands can be checked on it.
 */
export function predictCell(
  campaign: Campaign,
  row: Row,
  event: CellEvent,
  now: string,
): CellRecord | undefined {
  const t = applyEvent(campaign, row, event, { now });
  return t.refusal === undefined ? t.row?.cells[event.stepId] : undefined;
}

export function stepErrors(steps: readonly Step[]): FieldError[] {
  const r = validateSteps(steps);
  return r.ok ? [] : r.errors;
}
