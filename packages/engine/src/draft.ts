// A transition works on a mutable copy of the row (a "draft"); `finishDraft` then decides what
// changed and bumps versions, so version bookkeeping lives in one place instead of every rule.
import {
  type Campaign,
  type CellRecord,
  type CellState,
  DEFAULT_RETRY,
  type Row,
  type RunOutcome,
  type Step,
} from "@studio/contracts";
import { cloneJson, jsonEqual } from "./json";
import type { Effect, EngineContext, Transition } from "./types";

export interface Draft {
  campaign: Campaign;
  ctx: EngineContext;
  row: Row;
  effects: Effect[];
}

export const APPLIED_LIMIT = 64;
/** Row.applied also remembers runs that reached an outcome, so late/duplicate results are no-ops. */
const RUN_MARK = "run:";

export function createDraft(campaign: Campaign, row: Row, ctx: EngineContext): Draft {
  return { campaign, ctx, row: cloneJson(row), effects: [] };
}

export function remember(draft: Draft, id: string): void {
  const applied = draft.row.applied.filter((a) => a !== id);
  applied.push(id);
  draft.row.applied = applied.slice(-APPLIED_LIMIT);
}

export function hasOutcome(row: Row, runId: string): boolean {
  return row.applied.includes(RUN_MARK + runId);
}

export function maxAttemptsOf(step: Step): number {
  return step.retry?.maxAttempts ?? DEFAULT_RETRY.maxAttempts;
}

export function blankCell(draft: Draft, step: Step): CellRecord {
  return {
    campaignId: draft.row.campaignId,
    prospectId: draft.row.prospect.id,
    stepId: step.id,
    state: "waiting",
    attempt: 0,
    maxAttempts: maxAttemptsOf(step),
    updatedAt: draft.ctx.now,
    version: 0,
  };
}

/** Moves a cell to a state, dropping the markers that only belong to the old one. */
export function setState(cell: CellRecord, state: CellState): void {
  cell.state = state;
  if (state !== "waiting") delete cell.waitingFor;
  if (state !== "skipped") delete cell.skippedReason;
  if (state !== "ready") delete cell.canceled;
}

/**
 * Ends the cell's current run with an outcome. The run stays on the cell (`cell.run`, which the
 * API shows as the newest history entry); it moves to `studio_history` only when a new run
 * replaces it (`archiveRun`), so a cell that runs once costs no history write at all.
 */
export function endRun(
  draft: Draft,
  cell: CellRecord,
  outcome: RunOutcome,
  extra: Pick<NonNullable<CellRecord["run"]>, "error" | "usage"> = {},
): void {
  const run = cell.run;
  if (!run || run.outcome !== undefined) return;
  run.outcome = outcome;
  run.finishedAt = draft.ctx.now;
  if (extra.error) run.error = extra.error;
  if (extra.usage) run.usage = extra.usage;
  remember(draft, RUN_MARK + run.runId);
}

/** A new run replaces the cell's ended one: the old one goes to history. */
export function archiveRun(draft: Draft, cell: CellRecord): void {
  if (cell.run === undefined || cell.run.outcome === undefined) return;
  pushHistory(draft, cell.stepId, cell.run);
}

/** A run the cell does not hold (a superseded result, rule 12): recorded once, right away. */
export function recordHistory(
  draft: Draft,
  stepId: string,
  run: NonNullable<CellRecord["run"]>,
): void {
  pushHistory(draft, stepId, run);
  remember(draft, RUN_MARK + run.runId);
}

function pushHistory(draft: Draft, stepId: string, run: NonNullable<CellRecord["run"]>): void {
  draft.effects.push({
    type: "history",
    entry: {
      ...cloneJson(run),
      workspaceId: draft.row.workspaceId,
      campaignId: draft.row.campaignId,
      prospectId: draft.row.prospect.id,
      stepId,
    },
  });
}

/** A queued/running run that is replaced or dropped is superseded (rule 12) right away. */
export function supersedeCurrentRun(draft: Draft, cell: CellRecord): void {
  if (cell.run && cell.run.outcome === undefined) endRun(draft, cell, "superseded");
}

/** What finishDraft bumps: not part of a cell's body. */
const BOOKKEEPING = new Set(["version", "updatedAt"]);

/** Same cell apart from its version and timestamp (what finishDraft bumps). */
function sameCellBody(a: CellRecord, b: CellRecord): boolean {
  return jsonEqual(a, b, BOOKKEEPING);
}

/** Compares the draft with the original row: versions and timestamps move only on real change. */
export function finishDraft(draft: Draft, original: Row | undefined): Transition {
  const { row, ctx } = draft;
  // Each cell is compared once: the answers decide both "changed at all" and each cell's version.
  const same = new Map<string, boolean>();
  let changed = original === undefined;
  if (original !== undefined) {
    for (const [id, cell] of Object.entries(row.cells)) {
      const before = original.cells[id];
      const equal = before !== undefined && sameCellBody(before, cell);
      same.set(id, equal);
      if (!equal) changed = true;
    }
    for (const id of Object.keys(original.cells)) if (!(id in row.cells)) changed = true;
    changed ||=
      !jsonEqual(original.prospect, row.prospect) || !jsonEqual(original.applied, row.applied);
  }
  if (!changed) return { row: original, effects: [], changed: false };
  for (const [id, cell] of Object.entries(row.cells)) {
    const before = original?.cells[id];
    if (before !== undefined && same.get(id) === true) {
      cell.version = before.version;
      cell.updatedAt = before.updatedAt;
    } else {
      cell.version = (before?.version ?? 0) + 1;
      cell.updatedAt = ctx.now;
    }
  }
  row.version = (original?.version ?? 0) + 1;
  row.updatedAt = ctx.now;
  row.campaignVersion = draft.campaign.version;
  return { row, effects: draft.effects, changed: true };
}
