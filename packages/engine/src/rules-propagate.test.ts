// SPEC §5 rules 7–12: propagation, Auto-Pilot switch, edits, cancel, superseded results.
import { describe, expect, it } from "vitest";
import { campaignOf, demoCampaign, Harness, step } from "./test-kit";

const autoExport = () =>
  campaignOf([
    step("insight", "insight", { name: "Insights" }),
    step("content", "content", { needs: ["insight"] }),
    step("export", "export", { needs: ["content"] }),
  ]);

describe("SPEC rules 7–12", () => {
  it("rule 7: an unchanged upstream output never re-sends an export", () => {
    const h = new Harness(autoExport());
    h.add();
    h.succeed("insight", { a: 1 });
    h.succeed("content", { body: "hi" });
    h.succeed("export", { status: "delivered" });
    expect(h.queued("export")).toHaveLength(1);
    h.command("cell.rerun", "content");
    h.succeed("content", { body: "hi" });
    expect(h.state("export")).toBe("done");
    expect(h.queued("export")).toHaveLength(1);
    h.command("cell.rerun", "content");
    h.succeed("content", { body: "changed" });
    expect(h.queued("export")).toHaveLength(2);
    expect(h.queued("export")[1]!.idempotencyKey).not.toBe(h.queued("export")[0]!.idempotencyKey);
  });

  it("rule 7: Co-Pilot dependents go waiting → ready and done → stale, never queued", () => {
    const h = new Harness(demoCampaign());
    h.add();
    h.succeed("insight");
    h.succeed("content", { body: "v1" });
    expect(h.state("export")).toBe("ready");
    h.command("cell.run", "export");
    h.succeed("export", { status: "delivered" });
    h.command("cell.rerun", "content");
    expect(h.state("export")).toBe("done"); // a done D keeps its state while upstream re-runs
    h.succeed("content", { body: "v2" });
    expect(h.state("export")).toBe("stale");
    expect(h.queued("export")).toHaveLength(1);
  });

  it("rule 7: runIf is re-evaluated on propagation and an Auto-Pilot failed cell is queued again", () => {
    const h = new Harness(
      campaignOf([
        step("insight", "insight"),
        step("content", "content", {
          needs: ["insight"],
          runIf: { field: "steps.insight.score", op: "gt", value: 0.5 },
        }),
      ]),
    );
    h.add();
    h.succeed("insight", { score: 0.2 });
    expect(h.state("content")).toBe("skipped");
    h.command("cell.rerun", "insight");
    h.succeed("insight", { score: 0.9 });
    expect(h.state("content")).toBe("queued");
    h.fail("content", false);
    h.command("cell.rerun", "insight");
    h.succeed("insight", { score: 0.9 });
    expect(h.state("content")).toBe("queued"); // failed + Auto-Pilot → queued even on identical inputs
  });

  it("rule 8: switching Auto-Pilot on queues ready and stale cells, unless runExisting is false", () => {
    const copilot = demoCampaign();
    const h = new Harness(copilot);
    h.add();
    h.succeed("insight");
    h.succeed("content");
    expect(h.state("export")).toBe("ready");
    const auto = {
      ...copilot,
      version: 2,
      steps: copilot.steps.map((s) => ({ ...s, autoRun: true })),
    };
    h.campaign = auto;
    const flags = { configChanged: false, runIfChanged: false, autoRunSwitchedOn: true };
    h.apply({
      type: "step.changed",
      stepId: "export",
      ...flags,
      runExisting: false,
      commandId: "sw-0",
    });
    expect(h.state("export")).toBe("ready");
    h.apply({
      type: "step.changed",
      stepId: "export",
      ...flags,
      runExisting: true,
      commandId: "sw-1",
    });
    expect(h.state("export")).toBe("queued");
    expect(h.queued("export")[0]!.trigger).toBe("auto");
    expect(h.row!.campaignVersion).toBe(2);
  });

  it("rule 9: an edited output replaces the output, is stamped and propagates like a result", () => {
    const h = new Harness(autoExport());
    h.add();
    h.succeed("insight");
    h.succeed("content", { body: "draft" });
    h.succeed("export", { status: "delivered" });
    const t = h.apply({
      type: "cell.edit",
      stepId: "content",
      output: { body: "reviewed" },
      commandId: "e1",
      by: "rep",
    });
    expect(h.cell("content").output).toEqual({ body: "reviewed" });
    expect(h.cell("content").edited?.output?.by).toBe("rep");
    expect(h.queued("export").at(-1)!.inputs.upstream.content).toEqual({ body: "reviewed" });
    expect(t.effects.filter((e) => e.type === "queue")).toHaveLength(1);
    expect(
      h.apply({ type: "cell.edit", stepId: "insight", output: {}, commandId: "e2" }).changed,
    ).toBe(true);
    const refused = h.apply({ type: "cell.edit", stepId: "export", output: {}, commandId: "e3" });
    expect(refused.refusal?.code).toBe("not_editable");
  });

  it("rule 10: an input edit is stored as overrides and makes a done cell stale without running it", () => {
    const h = new Harness(autoExport());
    h.add();
    h.succeed("insight");
    const before = h.queued().length;
    h.apply({
      type: "cell.edit",
      stepId: "insight",
      inputs: { prospect: { title: "CEO" } },
      commandId: "i1",
      by: "rep",
    });
    expect(h.state("insight")).toBe("stale");
    expect(h.cell("insight").inputOverrides).toEqual({ prospect: { title: "CEO" } });
    expect(h.cell("insight").edited?.inputs?.by).toBe("rep");
    expect(h.queued()).toHaveLength(before);
    h.command("cell.rerun", "insight");
    expect(h.queued("insight").at(-1)!.inputs.prospect.title).toBe("CEO");
  });

  it("rule 11: cancel returns a queued or running cell to ready (Auto-Pilot too) and ignores its late result", () => {
    const h = new Harness(demoCampaign());
    h.add();
    h.start("insight");
    const runId = h.cell("insight").runId;
    h.command("cell.cancel", "insight");
    expect(h.state("insight")).toBe("ready");
    expect(h.cell("insight").canceled).toBe(true);
    expect(h.history("insight").map((e) => e.outcome)).toEqual(["canceled"]);
    const late = h.succeed("insight");
    expect(h.cell("insight").runId).toBe(runId);
    expect(late.changed).toBe(false);
    expect(h.state("insight")).toBe("ready");
    expect(h.state("content")).toBe("waiting");
    expect(h.command("cell.cancel", "insight").refusal?.code).toBe("not_cancelable");
  });

  it("rule 12: a result for a run that is not current is recorded as superseded and changes nothing", () => {
    const h = new Harness(autoExport());
    h.add();
    h.succeed("insight", { v: 1 });
    const old = h.cell("content").runId!;
    h.command("cell.rerun", "insight");
    h.succeed("insight", { v: 2 }); // content's queued run is replaced by one on the new inputs
    expect(h.cell("content").runId).not.toBe(old);
    expect(h.history("content").map((e) => [e.runId, e.outcome])).toEqual([[old, "superseded"]]);
    const cell = structuredClone(h.cell("content"));
    const t = h.apply({
      type: "run.succeeded",
      result: {
        runId: old,
        workspaceId: "w1",
        campaignId: "c1",
        prospectId: "p1",
        stepId: "content",
        kind: "content",
        attempt: 1,
        at: "2025-01-01T00:00:00.000Z",
        type: "succeeded",
        output: { body: "late" },
      },
    });
    expect(t.changed).toBe(false);
    expect(h.cell("content")).toEqual(cell);
    const unknown = h.apply({
      type: "run.failed",
      result: {
        runId: "r_unknown",
        workspaceId: "w1",
        campaignId: "c1",
        prospectId: "p1",
        stepId: "content",
        kind: "content",
        attempt: 1,
        at: "2025-01-01T00:00:00.000Z",
        type: "failed",
        error: { code: "x", message: "x", retryable: false },
        willRetry: false,
      },
    });
    expect(unknown.effects).toEqual([
      expect.objectContaining({
        type: "history",
        entry: expect.objectContaining({ outcome: "superseded" }),
      }),
    ]);
    expect(h.cell("content")).toEqual(cell);
  });
});
