// SPEC §5 rules 13–18: prospect edits, bulk stop/run, config edits, idempotency, export keys.
import { describe, expect, it } from "vitest";
import { selectBulkRun, selectBulkStop } from "./bulk";
import { exportIdempotencyKey } from "./hash";
import { campaignOf, demoCampaign, Harness, prospect, step } from "./test-kit";

function rowsOf(...hs: Harness[]) {
  return hs.map((h) => h.row!);
}

describe("SPEC rules 13–18", () => {
  it("rule 13: an edited prospect field is an upstream change; identity-only edits re-run nothing", () => {
    const h = new Harness(demoCampaign());
    h.add();
    h.succeed("insight");
    h.succeed("content");
    h.command("cell.run", "export");
    h.succeed("export", { status: "delivered" });
    const n = h.queued().length;
    h.apply({ type: "prospect.edited", patch: { crm: { hubspot: "123" } }, commandId: "crm" });
    expect(h.queued()).toHaveLength(n);
    expect(h.row!.prospect.crm).toEqual({ hubspot: "123" });
    h.apply({ type: "prospect.edited", patch: { title: "CEO", phone: null }, commandId: "f1" });
    expect(h.state("insight")).toBe("queued");
    expect(h.state("content")).toBe("done"); // holds until its upstream settles
    expect(h.queued()).toHaveLength(n + 1);
    h.succeed("insight", { new: true });
    expect(h.state("content")).toBe("queued");
  });

  it("rule 14: bulk stop selects every queued/running cell of a step or the campaign, each canceled as rule 11", () => {
    const a = new Harness(demoCampaign());
    a.add(prospect({ id: "pa" }));
    const b = new Harness(demoCampaign());
    b.add(prospect({ id: "pb" }));
    b.start("insight");
    b.succeed("insight");
    expect(selectBulkStop(a.campaign, rowsOf(a, b))).toEqual([
      { prospectId: "pa", stepId: "insight" },
      { prospectId: "pb", stepId: "content" },
    ]);
    expect(selectBulkStop(a.campaign, rowsOf(a, b), "content")).toEqual([
      { prospectId: "pb", stepId: "content" },
    ]);
    b.command("cell.cancel", "content");
    expect(b.state("content")).toBe("ready");
  });

  it("rule 15: bulk run targets cells by state and prospects, answers refused ones with reasons, honours the limit", () => {
    const hs = ["p1", "p2", "p3"].map((id) => {
      const h = new Harness(demoCampaign());
      h.add(prospect({ id }));
      return h;
    });
    const [h1, h2, h3] = hs as [Harness, Harness, Harness];
    h1.succeed("insight");
    h1.succeed("content");
    h2.fail("insight", false);
    const rows = rowsOf(...hs);
    expect(selectBulkRun(h1.campaign, rows, { stepId: "export" }).targets).toEqual([
      { prospectId: "p1", type: "cell.run" },
    ]);
    expect(selectBulkRun(h1.campaign, rows, { stepId: "insight" }).targets).toEqual([
      { prospectId: "p2", type: "cell.rerun" },
    ]);
    const named = selectBulkRun(h1.campaign, rows, {
      stepId: "export",
      prospectIds: ["p1", "p3", "nope"],
      states: ["ready", "waiting"],
    });
    expect(named.targets).toEqual([{ prospectId: "p1", type: "cell.run" }]);
    expect(named.refused).toEqual([
      { prospectId: "p3", reason: "waiting for Email" },
      { prospectId: "nope", reason: "no such prospect in this campaign" },
    ]);
    expect(h3.state("export")).toBe("waiting");
    const limited = selectBulkRun(h1.campaign, rows, {
      stepId: "insight",
      states: ["queued", "done", "failed"],
      limit: 1,
    });
    expect(limited.targets).toHaveLength(1);
    expect(limited.refused.map((r) => r.reason)).toContain("already running");
  });

  it("rule 16: a config edit makes the step's done cells stale and runs nothing", () => {
    const c = demoCampaign();
    const h = new Harness(c);
    h.add();
    h.succeed("insight");
    const n = h.queued().length;
    h.campaign = { ...c, version: 2 };
    h.apply({
      type: "step.changed",
      stepId: "insight",
      autoRunSwitchedOn: false,
      runExisting: false,
      configChanged: true,
      runIfChanged: false,
      commandId: "cfg",
    });
    expect(h.state("insight")).toBe("stale");
    expect(h.queued()).toHaveLength(n);
  });

  it("rule 17: repeating a command id never doubles its effect", () => {
    const h = new Harness(campaignOf([step("a", "insight", { autoRun: false })]));
    h.add();
    const first = h.command("cell.run", "a", "req-1");
    expect(first.effects).toHaveLength(1);
    const again = h.command("cell.run", "a", "req-1");
    expect(again).toMatchObject({ changed: false, effects: [] });
    expect(again.refusal).toBeUndefined();
    expect(h.row!.applied).toContain("req-1");
  });

  it("rule 18: export keys come from (cell, input hash); only a deliberate Run Again on a done export gets a fresh key", () => {
    const h = new Harness(
      campaignOf([step("content", "content"), step("export", "export", { needs: ["content"] })]),
    );
    h.add();
    h.succeed("content", { body: "x" });
    const auto = h.queued("export")[0]!;
    const parts = { workspaceId: "w1", campaignId: "c1", prospectId: "p1" };
    expect(auto.idempotencyKey).toBe(exportIdempotencyKey(parts, "export", auto.inputHash));
    h.fail("export", true);
    expect(h.state("export")).toBe("running");
    h.succeed("export", { status: "delivered" }, 2);
    h.command("cell.rerun", "export", "send-again");
    const again = h.queued("export").at(-1)!;
    expect(again.inputHash).toBe(auto.inputHash);
    expect(again.idempotencyKey).toBe(
      exportIdempotencyKey(parts, "export", auto.inputHash, again.runId),
    );
    expect(again.idempotencyKey).not.toBe(auto.idempotencyKey);
    expect(again.idempotencyKey!.length).toBeLessThanOrEqual(200);
    expect(again.idempotencyKey).toMatch(/^[A-Za-z0-9_\-=.]+$/);
    h.fail("export", false);
    h.command("cell.rerun", "export");
    expect(h.queued("export").at(-1)!.idempotencyKey).toBe(auto.idempotencyKey); // Retry of a failure
  });
});
