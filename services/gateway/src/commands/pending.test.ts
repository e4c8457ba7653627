import type { Campaign, Row } from "@studio/contracts";
import { applyEvent, newRow } from "@studio/engine";
import { createLogger } from "@studio/runtime";
import { describe, expect, it } from "vitest";
import { PendingCommands, type PendingEvent, type StoredRow } from "./pending";

const NOW = "2026-01-01T00:00:00.000Z";
const campaign: Campaign = {
  id: "c",
  workspaceId: "w",
  name: "C",
  version: 1,
  createdAt: NOW,
  updatedAt: NOW,
  steps: [{ id: "email", name: "Email", kind: "content", needs: [], autoRun: false, config: {} }],
};
const KEY = "w.c.p1";
const ready = (): Row =>
  newRow(campaign, { id: "p1", email: "p1@x.example" }, { now: NOW }, "seed").row as Row;
const run = (commandId: string): PendingEvent => ({
  type: "cell.run",
  stepId: "email",
  trigger: "click",
  commandId,
});
const cancel = (commandId: string): PendingEvent => ({
  type: "cell.cancel",
  stepId: "email",
  commandId,
});

function tracker(
  opts: { floor?: () => number; read?: () => StoredRow | undefined; settleMs?: number } = {},
) {
  return new PendingCommands({
    log: createLogger("test", "silent"),
    settleMs: opts.settleMs ?? 200,
    ackFloor: async () => opts.floor?.() ?? 0,
    readRow: async () => opts.read?.(),
  });
}

describe("pending commands", () => {
  it("folds pending commands in order: Run then Cancel then Run predicts a fresh queued run", () => {
    const t = tracker();
    t.add(KEY, run("a"), NOW);
    expect(t.fold(campaign, KEY, ready()).cells.email?.state).toBe("queued");
    t.add(KEY, cancel("b"), NOW);
    expect(t.fold(campaign, KEY, ready()).cells.email?.state).toBe("ready");
    t.add(KEY, run("c"), NOW);
    const folded = t.fold(campaign, KEY, ready());
    expect(folded.cells.email?.state).toBe("queued");
    // A Run on the predicted queued cell is what the orchestrator would refuse.
    expect(applyEvent(campaign, folded, run("d"), { now: NOW }).refusal?.message).toBe(
      "already running",
    );
    t.close();
  });

  it("skips a pending command the current row refuses (a Cancel of a cell that already finished)", () => {
    const t = tracker();
    t.add(KEY, cancel("x"), NOW);
    expect(t.fold(campaign, KEY, ready()).cells.email?.state).toBe("ready");
    t.close();
  });

  it("a row change showing a command as applied retires it", () => {
    const t = tracker();
    t.add(KEY, run("a"), NOW);
    const applied = applyEvent(campaign, ready(), run("a"), { now: NOW }).row as Row;
    t.noteRow(KEY, ready());
    expect(t.has(KEY)).toBe(true);
    t.noteRow(KEY, applied);
    expect(t.has(KEY)).toBe(false);
    expect(t.size).toBe(0);
    t.close();
  });

  it("settle waits for the watch, and returns at once when nothing is pending", async () => {
    const t = tracker({ settleMs: 2_000 });
    expect(await t.settle(KEY)).toBeUndefined();
    const p = t.add(KEY, run("a"), NOW);
    t.stored(p, 5);
    const applied = applyEvent(campaign, ready(), run("a"), { now: NOW }).row as Row;
    setTimeout(() => t.noteRow(KEY, applied), 20);
    const t0 = Date.now();
    await t.settle(KEY);
    expect(Date.now() - t0).toBeLessThan(1_000);
    expect(t.unsettled(KEY)).toBe(false);
    t.close();
  });

  it("a command past the orchestrator's ack floor that the stored row lacks was refused: retired", async () => {
    let floor = 0;
    const t = tracker({ floor: () => floor, read: () => ({ value: ready(), revision: 9 }) });
    const p = t.add(KEY, cancel("x"), NOW);
    t.stored(p, 7);
    setTimeout(() => {
      floor = 7;
    }, 20);
    await t.settle(KEY, Date.now() + 2_000);
    expect(t.has(KEY)).toBe(false);
    t.close();
  });

  it("one past the ack floor that the stored row has is kept until the watch shows it; settle hands over that row", async () => {
    const applied = applyEvent(campaign, ready(), run("a"), { now: NOW }).row as Row;
    const t = tracker({ floor: () => 7, read: () => ({ value: applied, revision: 9 }) });
    const p = t.add(KEY, run("a"), NOW);
    t.stored(p, 7);
    const fresh = await t.settle(KEY, Date.now() + 2_000);
    expect(fresh?.revision).toBe(9);
    expect(t.unsettled(KEY)).toBe(false);
    // Folding it over the row that has it changes nothing.
    expect(t.fold(campaign, KEY, applied).cells.email?.runId).toBe(applied.cells.email?.runId);
    t.close();
  });

  it("settle gives up after its deadline (orchestrator down); the fold still predicts", async () => {
    const t = tracker({ settleMs: 50 });
    t.add(KEY, run("a"), NOW);
    await t.settle(KEY);
    expect(t.unsettled(KEY)).toBe(true);
    expect(t.fold(campaign, KEY, ready()).cells.email?.state).toBe("queued");
    t.close();
  });
});
