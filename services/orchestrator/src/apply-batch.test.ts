import type { Campaign, HistoryEntry, Row } from "@studio/contracts";
import { applyEvents, newRow } from "@studio/engine";
import { createLogger } from "@studio/runtime";
import { describe, expect, it } from "vitest";
import { applyBatch, type BatchDeps } from "./apply-batch";
import { CampaignCache } from "./campaign-cache";
import { RowStore } from "./row-store";

const now = "2026-11-25T00:00:00.000Z";
const campaign: Campaign = {
  id: "c",
  workspaceId: "w",
  name: "c",
  steps: [{ id: "email", name: "Email", kind: "content", needs: [], autoRun: false, config: {} }],
  createdAt: now,
  updatedAt: now,
  version: 1,
};
const prospect = { id: "p1", email: "a@example.com" };
const rowKey = "w.c.p1";

function apply(row: Row | undefined, events: Parameters<typeof applyEvents>[2]): Row {
  const t = applyEvents(campaign, row, events, { now });
  if (t.row === undefined) throw new Error("no row");
  return t.row;
}

class Conflict extends Error {}

describe("applyBatch", () => {
  it("history written by an attempt that loses the compare-and-set is put back", async () => {
    const created = newRow(campaign, prospect, { now }, "cmd-0").row as Row;
    // Replica A reads v1 (run R0 queued); replica B then cancels R0 and queues R1 (v2).
    const v1 = apply(created, [
      { type: "cell.run", stepId: "email", trigger: "click", commandId: "c1" },
    ]);
    const v2 = apply(v1, [
      { type: "cell.cancel", stepId: "email", commandId: "c2" },
      { type: "cell.run", stepId: "email", trigger: "click", commandId: "c3" },
    ]);
    const r1 = v2.cells.email?.runId as string;
    expect(r1).not.toBe(v1.cells.email?.runId);

    // A applies R1's success. On v1, R1 is unknown: recorded as superseded, written before the
    // row — whose write then loses to B's v2. On v2, R1 is current and ends done.
    const reads = [v1, v2];
    let revision = 1;
    let failNextUpdate = true;
    const history = new Map<string, HistoryEntry>();
    const deps: BatchDeps = {
      rows: new RowStore({
        async get() {
          const value = reads.shift() ?? v2;
          return { value, revision };
        },
        async create() {
          return ++revision;
        },
        async update() {
          if (failNextUpdate) {
            failNextUpdate = false;
            throw new Conflict();
          }
          return ++revision;
        },
      }),
      campaigns: new CampaignCache({ get: async () => ({ value: campaign }) }),
      isConflict: (err) => err instanceof Conflict,
      log: createLogger("test", "silent"),
      now: () => now,
      rowConcurrency: 1,
      queueRuns: async () => undefined,
      async recordHistory(entries) {
        const before = entries.map((e) => [e.runId, history.get(e.runId)] as const);
        for (const e of entries) history.set(e.runId, e);
        return async () => {
          for (const [id, was] of before) {
            if (was === undefined) history.delete(id);
            else history.set(id, was);
          }
        };
      },
    };
    const failed = await applyBatch(deps, [
      {
        redelivered: false,
        rowEvent: {
          rowKey,
          prospectId: "p1",
          workspaceId: "w",
          campaignId: "c",
          campaignVersion: 1,
          event: {
            type: "run.succeeded",
            result: {
              type: "succeeded",
              runId: r1,
              workspaceId: "w",
              campaignId: "c",
              prospectId: "p1",
              stepId: "email",
              kind: "content",
              attempt: 1,
              at: now,
              output: { channel: "email", subject: "Hi", body: "Hello" },
            },
          },
        },
      },
    ]);
    expect(failed.size).toBe(0);
    // One outcome for R1: done, on the row; no "superseded" left behind in history.
    expect(history.get(r1)).toBeUndefined();
  });
});
