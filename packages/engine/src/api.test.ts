// The surface the orchestrator and gateway call besides applyEvent.
import { describe, expect, it } from "vitest";
import { applyEvent, applyEvents, checkCommand, newRow } from "./apply";
import { selectAutoRunSwitch } from "./bulk";
import { summarize, toPublicCell } from "./cell-view";
import { predictCell } from "./predict";
import { campaignOf, demoCampaign, Harness, NOW, prospect, step } from "./test-kit";

const ctx = { now: NOW };

describe("engine API", () => {
  it("newRow is applyEvent on an absent row", () => {
    const c = demoCampaign();
    const a = newRow(c, prospect(), ctx, "k");
    const b = applyEvent(
      c,
      undefined,
      { type: "prospect.upserted", prospect: prospect(), commandId: "k" },
      ctx,
    );
    expect(a).toEqual(b);
    expect(a.row).toMatchObject({
      workspaceId: "w1",
      campaignId: "c1",
      version: 1,
      applied: ["k"],
    });
    expect(a.effects[0]).toMatchObject({
      type: "queue",
      run: { stepId: "insight", trigger: "auto", kind: "insight" },
    });
  });

  it("checkCommand gives the refusal applyEvent would, and predictCell the accepted cell", () => {
    const h = new Harness(demoCampaign());
    h.add();
    const run = { type: "cell.run", stepId: "content", trigger: "click", commandId: "x" } as const;
    expect(checkCommand(h.campaign, h.row, run)).toEqual(
      applyEvent(h.campaign, h.row, run, ctx).refusal,
    );
    expect(predictCell(h.campaign, h.row, run, ctx)).toBeUndefined();
    h.succeed("insight");
    h.succeed("content");
    const send = { type: "cell.run", stepId: "export", trigger: "click", commandId: "y" } as const;
    expect(checkCommand(h.campaign, h.row, send)).toBeUndefined();
    const predicted = predictCell(h.campaign, h.row, send, ctx);
    expect(predicted?.state).toBe("queued");
    expect(predicted).toEqual(
      toPublicCell(applyEvent(h.campaign, h.row, send, ctx).row!.cells.export!),
    );
    expect(checkCommand(h.campaign, undefined, send)?.code).toBe("not_found");
    expect(checkCommand(h.campaign, h.row, { ...send, stepId: "nope" })?.code).toBe("not_found");
  });

  it("applyEvents folds events for one row and lists refusals", () => {
    const c = demoCampaign();
    const first = newRow(c, prospect(), ctx, "k");
    const t = applyEvents(
      c,
      first.row,
      [
        { type: "cell.cancel", stepId: "insight", commandId: "a" },
        { type: "cell.run", stepId: "content", trigger: "click", commandId: "b" },
        { type: "cell.run", stepId: "insight", trigger: "click", commandId: "c" },
      ],
      ctx,
    );
    expect(t.changed).toBe(true);
    expect(t.refusals.map((r) => r.message)).toEqual(["waiting for Insights"]);
    expect(t.effects.map((e) => e.type)).toEqual(["history", "queue"]);
    expect(t.row?.cells.insight?.state).toBe("queued");
  });

  it("summarize counts every state of every step; selectAutoRunSwitch lists ready and stale cells", () => {
    const a = new Harness(demoCampaign());
    a.add(prospect({ id: "pa" }));
    a.succeed("insight");
    a.succeed("content");
    const b = new Harness(demoCampaign());
    b.add(prospect({ id: "pb" }));
    const s = summarize(a.campaign, [a.row!, b.row!]);
    expect(s.prospects).toBe(2);
    expect(s.steps.export).toMatchObject({ ready: 1, waiting: 1, done: 0, skipped: 0 });
    expect(Object.keys(s.steps.insight!)).toHaveLength(8);
    expect(selectAutoRunSwitch(a.campaign, [a.row!, b.row!], "export")).toEqual(["pa"]);
  });

  it("cells of steps added later are computed without auto-running; removed steps' cells go", () => {
    const h = new Harness(campaignOf([step("a", "insight", { autoRun: false })]));
    h.add();
    h.campaign = campaignOf([step("b", "insight"), step("c", "content", { needs: ["b"] })], 2);
    h.apply({ type: "prospect.edited", patch: {}, commandId: "sync" });
    expect(Object.keys(h.row!.cells)).toEqual(["b", "c"]);
    expect(h.state("b")).toBe("ready");
    expect(h.state("c")).toBe("waiting");
    expect(h.queued()).toHaveLength(0);
  });

  it("a runIf change re-decides ready and skipped cells without running them", () => {
    const c = campaignOf([
      step("a", "insight", { runIf: { field: "title", op: "eq", value: "CEO" } }),
    ]);
    const h = new Harness(c);
    h.add();
    expect(h.state("a")).toBe("skipped");
    h.campaign = campaignOf(
      [step("a", "insight", { runIf: { field: "title", op: "contains", value: "VP" } })],
      2,
    );
    const flags = {
      autoRunSwitchedOn: false,
      runExisting: false,
      configChanged: false,
      runIfChanged: true,
    };
    h.apply({ type: "step.changed", stepId: "a", ...flags, commandId: "r" });
    expect(h.state("a")).toBe("ready");
    expect(h.queued()).toHaveLength(0);
  });

  it("results for unknown rows, steps or prospects are ignored", () => {
    const h = new Harness(demoCampaign());
    h.add();
    const r = {
      runId: "r_x",
      workspaceId: "w1",
      campaignId: "c1",
      prospectId: "other",
      stepId: "insight",
      kind: "insight" as const,
      attempt: 1,
      at: NOW,
      type: "started" as const,
    };
    expect(applyEvent(h.campaign, h.row, { type: "run.started", result: r }, ctx).changed).toBe(
      false,
    );
    expect(applyEvent(h.campaign, undefined, { type: "run.started", result: r }, ctx)).toEqual({
      row: undefined,
      effects: [],
      changed: false,
    });
  });
});
