// The orchestrator's hot path: fold a batch of commands and results per row, apply the
// engine once per row, write the row with one compare-and-set, then carry out the effects.

import type { Campaign, HistoryEntry, Row, RunMessage } from "@studio/contracts";
import type { EngineContext, EngineEvent, Transition } from "@studio/engine";
import { applyEvents } from "@studio/engine";
import type { Logger } from "@studio/runtime";
import type { CampaignCache } from "./campaign-cache";
import { endedRunHistory, pendingRuns } from "./pending-runs";
import type { RowStore } from "./row-store";
import type { RowEvent } from "./to-events";

export interface BatchItem {
  rowEvent: RowEvent;
  /** Delivered before: its row write may have happened without its effects going out. */
  redelivered: boolean;
}

export interface BatchDeps {
  rows: RowStore;
  campaigns: CampaignCache;
  queueRuns(runs: RunMessage[]): Promise<void>;
  /** Writes history entries; the returned function puts back what they replaced. */
  recordHistory(entries: HistoryEntry[]): Promise<() => Promise<void>>;
  isConflict(err: unknown): boolean;
  log: Logger;
  now(): string;
  rowConcurrency: number;
}

const MAX_CONFLICTS = 50;

/** Applies the batch; returns the rows that could not be applied (their messages go back). */
export async function applyBatch(deps: BatchDeps, items: BatchItem[]): Promise<Set<string>> {
  const groups = new Map<string, BatchItem[]>();
  for (const item of items) {
    const group = groups.get(item.rowEvent.rowKey);
    if (group === undefined) groups.set(item.rowEvent.rowKey, [item]);
    else group.push(item);
  }
  const failed = new Set<string>();
  await forEachLimited([...groups.values()], deps.rowConcurrency, async (group) => {
    try {
      await applyRow(deps, group);
    } catch (err) {
      const rowKey = group[0]!.rowEvent.rowKey;
      failed.add(rowKey);
      deps.rows.forget(rowKey);
      deps.log.error({ err, row: rowKey }, "row not applied; its messages will be redelivered");
    }
  });
  return failed;
}

async function applyRow(deps: BatchDeps, group: BatchItem[]): Promise<void> {
  const first = group[0]!.rowEvent;
  const minVersion = Math.max(...group.map((i) => i.rowEvent.campaignVersion));
  const campaign = await deps.campaigns.get(first.workspaceId, first.campaignId, minVersion);
  if (campaign === undefined) {
    deps.log.warn({ row: first.rowKey }, "dropping events for an unknown campaign");
    return;
  }
  const events: EngineEvent[] = group.map((i) => i.rowEvent.event);
  let fresh = false;
  for (let attempt = 1; attempt <= MAX_CONFLICTS; attempt++) {
    const held = await deps.rows.read(first.rowKey, { fresh });
    const ctx: EngineContext = { now: deps.now() };
    const t = applyEvents(campaign, held?.value, events, ctx);
    const archived = t.effects.flatMap((e) => (e.type === "history" ? [e.entry] : []));
    // A missing row that these events do not create is doubted once: nats-server 2.9 can say
    // "no such key" for a row it holds (RowStore checks a fresh read through the key's subject).
    const doubtful = held === undefined && !fresh && (!t.changed || hasRefusals(t));
    if (doubtful || (held?.cached && (!t.changed || hasRefusals(t) || archived.length > 0))) {
      // Another replica may have moved the row on: a refusal or a no-op decided on a cached
      // copy is never final — a write would have been fenced, a refusal would not. Nor is
      // history, which is written before the row: decide it on a fresh read.
      fresh = true;
      continue;
    }
    // Runs this write replaces leave the row with it: their history goes first, so a crash
    // between the two writes cannot lose it. If the row write then loses to another replica,
    // that history was never true: it is put back as it was before the next try.
    const undo = archived.length > 0 ? await deps.recordHistory(archived) : undefined;
    if (t.changed && t.row !== undefined) {
      const written = await deps.rows.write(first.rowKey, t.row, held, deps.isConflict);
      if (!written) {
        await undo?.();
        fresh = true;
        continue;
      }
    }
    logRefusals(deps.log, first.rowKey, t);
    const after = t.row ?? held?.value;
    const queued = t.effects.flatMap((e) => (e.type === "queue" ? [e.run] : []));
    await carryOut(deps, campaign, queued, group.some((i) => i.redelivered) ? after : undefined);
    return;
  }
  throw new Error(`row ${first.rowKey}: compare-and-set lost ${MAX_CONFLICTS} times`);
}

/**
 * Publishes the runs the write queued. After a redelivery (`recheck`), also what a crash
 * between the row write and these publishes may have lost: the row's queued runs and the
 * history of the runs it ended (re-sent runs are dropped by their msg id, history puts are
 * keyed by run id).
 */
async function carryOut(
  deps: BatchDeps,
  campaign: Campaign,
  queued: RunMessage[],
  recheck: Row | undefined,
) {
  const runs = new Map(queued.map((run) => [run.runId, run]));
  const history: HistoryEntry[] = [];
  if (recheck !== undefined) {
    for (const run of pendingRuns(campaign, recheck)) runs.set(run.runId, run);
    history.push(...endedRunHistory(recheck));
  }
  await Promise.all([
    runs.size > 0 ? deps.queueRuns([...runs.values()]) : undefined,
    history.length > 0 ? deps.recordHistory(history) : undefined,
  ]);
}

function hasRefusals(t: Transition & { refusals?: unknown[] }): boolean {
  return (t.refusals?.length ?? 0) > 0 || t.refusal !== undefined;
}

function logRefusals(log: Logger, rowKey: string, t: Transition & { refusals?: unknown[] }): void {
  const refusals = t.refusals ?? (t.refusal === undefined ? [] : [t.refusal]);
  if (refusals.length > 0) log.debug({ row: rowKey, refusals }, "events refused by the rules");
}

async function forEachLimited<T>(
  items: T[],
  limit: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++]!;
      await fn(item);
    }
  });
  await Promise.all(lanes);
}
