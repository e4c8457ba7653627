// Bulk selections (rules 8, 14, 15): which cells a bulk command targets. The gateway sends one
// cell command per target, so each cell still follows rules 2, 3 and 11 on its own.
import type { Campaign, CellState, Row } from "@studio/contracts";
import { findStep } from "./graph";
import { refusalFor } from "./refusals";

/**
 * Without a state filter, bulk run takes what a rep means by "run everything": cells that wait
 * for a click (ready), failed ones (Retry) and outdated ones (stale). Skipped cells (runIf said
 * no) and done cells (an export would re-send) must be asked for explicitly.
 */
export const DEFAULT_BULK_STATES: readonly CellState[] = ["ready", "failed", "stale"];

const RUN_STATES = new Set<CellState>(["ready", "skipped"]);

export interface BulkRunQuery {
  stepId: string;
  prospectIds?: string[];
  states?: CellState[];
  limit?: number;
}

export function selectBulkRun(
  campaign: Campaign,
  rows: readonly Row[],
  q: BulkRunQuery,
): {
  targets: { prospectId: string; type: "cell.run" | "cell.rerun" }[];
  refused: { prospectId: string; reason: string }[];
} {
  const targets: { prospectId: string; type: "cell.run" | "cell.rerun" }[] = [];
  const refused: { prospectId: string; reason: string }[] = [];
  if (!findStep(campaign, q.stepId)) {
    for (const id of q.prospectIds ?? [])
      refused.push({ prospectId: id, reason: `no step "${q.stepId}"` });
    return { targets, refused };
  }
  const states = new Set(q.states ?? DEFAULT_BULK_STATES);
  const limit = q.limit ?? Number.POSITIVE_INFINITY;
  const byId = new Map(rows.map((r) => [r.prospect.id, r]));
  // Named prospects each get an answer; a whole-step run only considers cells in the filter.
  const explicit = q.prospectIds !== undefined;
  const candidates = explicit ? [...new Set(q.prospectIds)] : rows.map((r) => r.prospect.id);

  for (const prospectId of candidates) {
    const row = byId.get(prospectId);
    if (!row) {
      refused.push({ prospectId, reason: "no such prospect in this campaign" });
      continue;
    }
    const state = row.cells[q.stepId]?.state ?? "waiting";
    if (!states.has(state)) {
      if (explicit) refused.push({ prospectId, reason: `not selected: the cell is ${state}` });
      continue;
    }
    const type = RUN_STATES.has(state) ? "cell.run" : "cell.rerun";
    const refusal = refusalFor(campaign, row, {
      type,
      stepId: q.stepId,
      trigger: "bulk",
      commandId: "",
    });
    if (refusal) refused.push({ prospectId, reason: refusal.message });
    // Past the limit a runnable cell is simply left for the next bulk run, not refused.
    else if (targets.length < limit) targets.push({ prospectId, type });
  }
  return { targets, refused };
}

/** Rule 14: every queued/running cell of a step (or of the whole campaign). */
export function selectBulkStop(
  campaign: Campaign,
  rows: readonly Row[],
  stepId?: string,
): { prospectId: string; stepId: string }[] {
  const steps = campaign.steps.filter((s) => stepId === undefined || s.id === stepId);
  const out: { prospectId: string; stepId: string }[] = [];
  for (const row of rows) {
    for (const step of steps) {
      const state = row.cells[step.id]?.state;
      if (state === "queued" || state === "running")
        out.push({ prospectId: row.prospect.id, stepId: step.id });
    }
  }
  return out;
}

/** Rule 8: prospects whose cell the Auto-Pilot switch would queue (ready or stale). */
export function selectAutoRunSwitch(
  _campaign: Campaign,
  rows: readonly Row[],
  stepId: string,
): string[] {
  return rows
    .filter((r) => {
      const state = r.cells[stepId]?.state;
      return state === "ready" || state === "stale";
    })
    .map((r) => r.prospect.id);
}
