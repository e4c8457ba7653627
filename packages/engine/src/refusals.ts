// Which commands a cell refuses, with reasons a rep understands (rules 2, 3, 9, 11; 409 bodies).
import { type Campaign, ErrorCodes, type Row } from "@studio/contracts";
import { findStep, stepNames } from "./graph";
import { notDoneNeeds } from "./propagate";
import type { CommandEvent, Refusal } from "./types";

const RUNNING: Refusal["code"] = ErrorCodes.alreadyRunning;

function waiting(campaign: Campaign, ids: string[]): Refusal {
  return {
    code: ErrorCodes.waitingForUpstream,
    message: `waiting for ${stepNames(campaign, ids)}`,
    state: "waiting",
    waitingFor: ids,
  };
}

/** The refusal applyEvent would give, or undefined when the command is accepted. */
export function refusalFor(
  campaign: Campaign,
  row: Row | undefined,
  event: CommandEvent,
): Refusal | undefined {
  if (event.type === "prospect.upserted") return undefined;
  if (!row) return { code: ErrorCodes.notFound, message: "no such prospect in this campaign" };
  if (event.type === "prospect.edited") return undefined;
  const step = findStep(campaign, event.stepId);
  if (!step)
    return { code: ErrorCodes.notFound, message: `no step "${event.stepId}" in this campaign` };
  if (event.type === "step.changed") return undefined;
  const cell = row.cells[step.id];
  const state = cell?.state ?? "waiting";
  const waitingFor = cell?.waitingFor ?? notDoneNeeds(row, step);

  switch (event.type) {
    case "cell.run":
      if (state === "ready" || state === "skipped") {
        // Defensive: a cell can only run once every needed output exists.
        const missing = step.needs.filter((n) => row.cells[n]?.output === undefined);
        return missing.length > 0 ? waiting(campaign, missing) : undefined;
      }
      if (state === "waiting") return waiting(campaign, waitingFor);
      if (state === "queued" || state === "running")
        return { code: RUNNING, message: "already running", state };
      return {
        code: ErrorCodes.notRunnable,
        message:
          state === "failed"
            ? "failed: use Retry"
            : `already ${state === "done" ? "done" : "run (outdated)"}: use Run Again`,
        state,
      };
    case "cell.rerun":
      if (state === "done" || state === "failed" || state === "stale") return undefined;
      if (state === "waiting") return waiting(campaign, waitingFor);
      if (state === "queued" || state === "running")
        return { code: RUNNING, message: "already running", state };
      return { code: ErrorCodes.notRerunnable, message: "not run yet: use Click to Run", state };
    case "cell.cancel":
      if (state === "queued" || state === "running") return undefined;
      return {
        code: ErrorCodes.notCancelable,
        message: `nothing to cancel: the cell is ${state}`,
        state,
      };
    case "cell.edit":
      if (event.output !== undefined && state !== "done") {
        return {
          code: ErrorCodes.notEditable,
          message: `only a done cell's output can be edited; this one is ${state}`,
          state,
        };
      }
      return undefined;
  }
}
