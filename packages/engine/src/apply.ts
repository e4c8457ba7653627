// applyEvent: the single entry point from (campaign, row, event, now) to (row', effects).
import type { Campaign, Prospect, Row } from "@studio/contracts";
import { createDraft, type Draft, finishDraft, remember } from "./draft";
import { findStep } from "./graph";
import { commandRunId } from "./hash";
import { prospectInputs } from "./inputs";
import { cloneJson, jsonEqual } from "./json";
import { syncCells } from "./propagate";
import { refusalFor } from "./refusals";
import { cancel, clickToRun, edit, runAgain } from "./transitions/cells";
import { mergeProspect, patchProspect, reevaluateAll } from "./transitions/prospect";
import { applyResult } from "./transitions/results";
import { stepChanged } from "./transitions/step-changed";
import {
  type BatchTransition,
  type CommandEvent,
  type EngineContext,
  type EngineEvent,
  isCommandEvent,
  type Refusal,
  type Transition,
} from "./types";

function unchanged(row: Row | undefined, refusal?: Refusal): Transition {
  return refusal
    ? { row, effects: [], changed: false, refusal }
    : { row, effects: [], changed: false };
}

/** Rule 1: a new row, every cell computed; `newRow` = applyEvent(campaign, undefined, upsert). */
export function newRow(
  campaign: Campaign,
  prospect: Prospect,
  ctx: EngineContext,
  commandId: string,
): Transition {
  const skeleton: Row = {
    workspaceId: campaign.workspaceId,
    campaignId: campaign.id,
    prospect: cloneJson(prospect),
    cells: {},
    campaignVersion: campaign.version,
    applied: [],
    createdAt: ctx.now,
    updatedAt: ctx.now,
    version: 0,
  };
  const draft = createDraft(campaign, skeleton, ctx);
  reevaluateAll(draft, commandId);
  remember(draft, commandId);
  return finishDraft(draft, undefined);
}

function applyCommand(draft: Draft, event: CommandEvent): void {
  const { campaign, row } = draft;
  const prospectId = row.prospect.id;
  // Cells of steps added since this row was last computed (never auto-queued, see syncCells).
  syncCells(draft, {
    runIdFor: (s) => commandRunId(event.commandId, prospectId, s),
    allowAuto: false,
  });
  switch (event.type) {
    case "prospect.upserted":
    case "prospect.edited": {
      const before = prospectInputs(row.prospect);
      draft.row.prospect =
        event.type === "prospect.upserted"
          ? mergeProspect(row.prospect, event.prospect)
          : patchProspect(row.prospect, event.patch);
      // Rule 13 is about fields cells use: identity (CRM ids) or no-op edits re-evaluate nothing.
      if (!jsonEqual(prospectInputs(draft.row.prospect), before)) {
        reevaluateAll(draft, event.commandId);
      }
      return;
    }
    default: {
      const step = findStep(campaign, event.stepId);
      if (!step) return;
      if (event.type === "cell.run") clickToRun(draft, step, event);
      else if (event.type === "cell.rerun") runAgain(draft, step, event);
      else if (event.type === "cell.cancel") cancel(draft, step, event);
      else if (event.type === "cell.edit") edit(draft, step, event);
      else stepChanged(draft, step, event);
    }
  }
}

export function applyEvent(
  campaign: Campaign,
  row: Row | undefined,
  event: EngineEvent,
  ctx: EngineContext,
): Transition {
  if (!isCommandEvent(event)) {
    // Results for rows or steps that no longer exist are dropped: there is nothing to update.
    const step = findStep(campaign, event.result.stepId);
    if (!row || !step || row.prospect.id !== event.result.prospectId) return unchanged(row);
    const draft = createDraft(campaign, row, ctx);
    applyResult(draft, step, event.result);
    return finishDraft(draft, row);
  }
  // Rule 17: an already-applied command is a no-op (the gateway replays its first answer).
  if (row?.applied.includes(event.commandId)) return unchanged(row);
  if (!row && event.type === "prospect.upserted") {
    return newRow(campaign, event.prospect, ctx, event.commandId);
  }
  const refusal = refusalFor(campaign, row, event);
  if (refusal || !row) return unchanged(row, refusal);
  const draft = createDraft(campaign, row, ctx);
  applyCommand(draft, event);
  // Every accepted command is remembered, even one that changed nothing yet: replaying it later
  // (when the cell has moved on) must not apply it then. Refusals are not remembered.
  remember(draft, event.commandId);
  return finishDraft(draft, row);
}

/** Folds several events for one row (the orchestrator batches per row). */
export function applyEvents(
  campaign: Campaign,
  row: Row | undefined,
  events: readonly EngineEvent[],
  ctx: EngineContext,
): BatchTransition {
  let current = row;
  let changed = false;
  const effects: BatchTransition["effects"] = [];
  const refusals: Refusal[] = [];
  for (const event of events) {
    const t = applyEvent(campaign, current, event, ctx);
    current = t.row;
    changed ||= t.changed;
    effects.push(...t.effects);
    if (t.refusal) refusals.push(t.refusal);
  }
  const out: BatchTransition = { row: current, effects, changed, refusals };
  if (refusals.length > 0) out.refusal = refusals[0];
  return out;
}

/** The gateway's fast 409 pre-check: what applyEvent would refuse, without computing the rest. */
export function checkCommand(
  campaign: Campaign,
  row: Row | undefined,
  event: EngineEvent,
): Refusal | undefined {
  if (!isCommandEvent(event)) return undefined;
  if (row?.applied.includes(event.commandId)) return undefined;
  return refusalFor(campaign, row, event);
}
