// SPEC §5 rules 1–6: a row is born, clicked, re-run, picked up, succeeds and fails.
import { RowSchema } from "@studio/contracts";
import { describe, expect, it } from "vitest";
import { campaignOf, demoCampaign, Harness, prospect, step } from "./test-kit";

describe("SPEC rules 1–6", () => {
  it("rule 1: a new prospect computes every cell — queued/ready without needs, waiting otherwise, runIf false → skipped", () => {
    const h = new Harness(
      campaignOf([
        step("insight", "insight"),
        step("manual", "insight", { autoRun: false }),
        step("vip", "insight", { runIf: { field: "title", op: "contains", value: "ceo" } }),
        step("content", "content", { needs: ["insight"], name: "Email" }),
      ]),
    );
    const t = h.add();
    expect(t.changed).toBe(true);
    expect(h.state("insight")).toBe("queued");
    expect(h.state("manual")).toBe("ready");
    expect(h.state("vip")).toBe("skipped");
    expect(h.cell("vip").skippedReason).toContain("title contains");
    expect(h.state("content")).toBe("waiting");
    expect(h.cell("content").waitingFor).toEqual(["insight"]);
    expect(h.queued().map((r) => r.stepId)).toEqual(["insight"]);
    expect(RowSchema.safeParse(h.row).success).toBe(true);
  });

  it("rule 2: Click to Run queues a ready cell; waiting and running cells are refused with reasons", () => {
    const h = new Harness(demoCampaign());
    h.add();
    let t = h.command("cell.run", "content");
    expect(t.refusal).toMatchObject({
      code: "waiting_for_upstream",
      message: "waiting for Insights",
    });
    expect(t.refusal?.waitingFor).toEqual(["insight"]);
    t = h.command("cell.run", "insight");
    expect(t.refusal).toMatchObject({ code: "already_running", message: "already running" });
    h.succeed("insight");
    h.succeed("content");
    expect(h.state("export")).toBe("ready");
    t = h.command("cell.run", "export", "click-1");
    expect(t.refusal).toBeUndefined();
    expect(h.state("export")).toBe("queued");
    const again = h.command("cell.run", "export", "click-1");
    expect(again.changed).toBe(false);
    expect(again.refusal).toBeUndefined();
    expect(h.queued("export")).toHaveLength(1);
  });

  it("rule 2: Click to Run forces a skipped cell and re-runs a canceled one", () => {
    const h = new Harness(
      campaignOf([step("vip", "insight", { runIf: { field: "title", op: "eq", value: "CEO" } })]),
    );
    h.add();
    expect(h.state("vip")).toBe("skipped");
    h.command("cell.run", "vip");
    expect(h.state("vip")).toBe("queued");
    h.command("cell.cancel", "vip");
    expect(h.state("vip")).toBe("ready");
    h.command("cell.run", "vip");
    expect(h.state("vip")).toBe("queued");
  });

  it("rule 3: Run Again reuses the previous inputs with the user's edits applied", () => {
    const h = new Harness(demoCampaign());
    h.add();
    h.succeed("insight");
    h.succeed("content");
    const before = h.queued("content")[0]!.inputs;
    h.apply({
      type: "cell.edit",
      stepId: "content",
      inputs: { instructions: "shorter please" },
      commandId: "edit-1",
    });
    expect(h.state("content")).toBe("stale");
    h.command("cell.rerun", "content");
    const rerun = h.queued("content").at(-1)!;
    expect(rerun.inputs).toEqual({ ...before, instructions: "shorter please" });
    expect(rerun.trigger).toBe("rerun");
  });

  it("rule 3: Run Again on a stale cell re-resolves inputs from the current upstream first", () => {
    const h = new Harness(
      campaignOf([
        step("insight", "insight", { autoRun: false, name: "Insights" }),
        step("content", "content", { needs: ["insight"], autoRun: false }),
      ]),
    );
    h.add();
    h.command("cell.run", "insight");
    h.succeed("insight", { v: 1 });
    h.command("cell.run", "content");
    h.succeed("content");
    h.command("cell.rerun", "insight");
    h.succeed("insight", { v: 2 });
    expect(h.state("content")).toBe("stale");
    h.command("cell.rerun", "content");
    expect(h.queued("content").at(-1)!.inputs.upstream.insight).toEqual({ v: 2 });
    const refused = h.command("cell.rerun", "content");
    expect(refused.refusal?.message).toBe("already running");
  });

  it("rule 4: the worker picking up the current run makes the cell running; an old run's pickup changes nothing", () => {
    const h = new Harness(demoCampaign());
    h.add();
    h.start("insight");
    expect(h.state("insight")).toBe("running");
    expect(h.cell("insight").attempt).toBe(1);
    const dup = h.start("insight");
    expect(dup.changed).toBe(false);
  });

  it("rule 5: a success stores the output, appends history and propagates downstream", () => {
    const h = new Harness(demoCampaign());
    h.add();
    h.start("insight");
    h.succeed("insight", { insights: [] });
    expect(h.state("insight")).toBe("done");
    expect(h.cell("insight").output).toEqual({ insights: [] });
    expect(h.history("insight").map((e) => e.outcome)).toEqual(["done"]);
    expect(h.state("content")).toBe("queued");
    const dup = h.succeed("insight", { insights: [] });
    expect(dup.changed).toBe(false);
    expect(h.history("insight")).toHaveLength(1);
  });

  it("rule 5: a success of an earlier attempt that arrives after a later attempt started still ends the run", () => {
    const h = new Harness(demoCampaign());
    h.add();
    h.start("insight", 1);
    h.start("insight", 2); // redelivered while the first delivery was still at work
    h.succeed("insight", { insights: [] }, 1);
    expect(h.state("insight")).toBe("done");
    expect(h.state("content")).toBe("queued");
    h.fail("insight", true, 1);
    expect(h.state("insight")).toBe("done");
  });

  it("rule 6: a retryable failure with attempts left stays running; a final one fails and leaves downstream alone", () => {
    const h = new Harness(demoCampaign());
    h.add();
    h.start("insight");
    h.fail("insight", true, 1);
    expect(h.state("insight")).toBe("running");
    expect(h.cell("insight").error?.message).toBe("provider timed out");
    h.start("insight", 2);
    expect(h.cell("insight").attempt).toBe(2);
    h.fail("insight", false, 2);
    expect(h.state("insight")).toBe("failed");
    expect(h.cell("insight").error).toEqual({
      code: "timeout",
      message: "provider timed out",
      retryable: true,
    });
    expect(h.state("content")).toBe("waiting");
    expect(h.history("insight").map((e) => e.outcome)).toEqual(["failed"]);
    expect(h.cell("insight").maxAttempts).toBe(3);
    h.command("cell.rerun", "insight");
    expect(h.state("insight")).toBe("queued");
  });

  it("rule 1: a prospect upsert for an existing row never creates a second set of runs", () => {
    const h = new Harness(demoCampaign());
    h.add();
    h.apply({ type: "prospect.upserted", prospect: prospect(), commandId: "again" });
    expect(h.queued()).toHaveLength(1);
  });
});
