// The backbone end to end on a real nats-server: commands in, rules applied per row,
// runs through the three step services, results cascading downstream.
import { readFile } from "node:fs/promises";
import { openStore, publishJson } from "@studio/bus";
import {
  Buckets,
  type Command,
  HistoryEntrySchema,
  Keys,
  type Prospect,
  type Result,
  ResultSchema,
  type Row,
  RunMessageSchema,
  Subjects,
} from "@studio/contracts";
import { exportFilePath } from "@studio/providers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CoreStack, startCoreStack, WORKSPACE } from "../support/core-stack";

const N = 100;
const CAMPAIGN = "cascade";
const ids = Array.from({ length: N }, (_, i) => `p${String(i).padStart(3, "0")}`);
let seq = 0;
const base = (campaignVersion = 1) => ({
  commandId: `cmd-${Date.now()}-${seq++}`,
  workspaceId: WORKSPACE,
  campaignId: CAMPAIGN,
  campaignVersion,
  by: "tester",
  at: new Date().toISOString(),
});
const prospect = (id: string, i: number): Prospect => ({
  id,
  email: `person${i}@example${i % 7}.com`,
  firstName: `First${i}`,
  lastName: `Last${i}`,
  title: i % 3 === 0 ? "VP of Sales" : "Account Executive",
  company: `Company ${i % 7}`,
  domain: `example${i % 7}.com`,
});
const states = (rows: Row[], step: string) => rows.map((r) => r.cells[step]?.state);

async function exportLines(stack: CoreStack): Promise<string[]> {
  const file = exportFilePath(stack.dataDir, WORKSPACE, "out");
  const text = await readFile(file, "utf8").catch(() => "");
  return text.split("\n").filter((l) => l.length > 0);
}

describe("a 3-step campaign on two orchestrator replicas", () => {
  let stack: CoreStack;
  beforeAll(async () => {
    stack = await startCoreStack({ orchestrators: 2 });
    await stack.createCampaign(CAMPAIGN, [
      { id: "insights", name: "Insights", kind: "insight", needs: [], autoRun: true },
      { id: "email", name: "Email", kind: "content", needs: ["insights"], autoRun: true },
      {
        id: "export",
        name: "Export",
        kind: "export",
        needs: ["email"],
        autoRun: false,
        config: { target: { type: "file", name: "out" } },
      },
    ]);
  });
  afterAll(() => stack?.stop());

  it("cascades insight and content on Auto-Pilot until every Co-Pilot export is ready", async () => {
    for (let i = 0; i < N; i += 50) {
      const chunk = ids.slice(i, i + 50).map((id, j) => prospect(id, i + j));
      await stack.send({ ...base(), type: "prospects.upsert", prospects: chunk });
    }
    const rows = await stack.waitForRows(CAMPAIGN, ids, (rs) =>
      states(rs, "export").every((s) => s === "ready"),
    );
    expect(states(rows, "insights").every((s) => s === "done")).toBe(true);
    expect(states(rows, "email").every((s) => s === "done")).toBe(true);
    const first = rows[0]!;
    expect(first.cells.email?.output?.body).toEqual(expect.stringContaining("First"));
    expect(await exportLines(stack)).toHaveLength(0);
    // Two replicas, no double transitions: each auto cell ran exactly one run, which ended
    // done and was never replaced — whatever history holds for the cell is that same run
    // (a redelivered result may record the cell's ended run there again; never another one).
    const history = await openStore(stack.bus, Buckets.history, HistoryEntrySchema);
    for (const row of rows) {
      for (const step of ["insights", "email"]) {
        const run = row.cells[step]?.run;
        expect(run?.outcome).toBe("done");
        const keys = await history.keys(
          Keys.historyOfCell(WORKSPACE, CAMPAIGN, row.prospect.id, step),
        );
        const others = keys.filter((k) => !k.endsWith(`.${run?.runId}`));
        expect(others, `${row.prospect.id}/${step}`).toEqual([]);
      }
    }
  });

  it("Click to Run on the exports delivers each once", async () => {
    for (const id of ids) {
      await stack.send({
        ...base(),
        type: "cell.run",
        prospectId: id,
        stepId: "export",
        trigger: "click",
      });
    }
    await stack.waitForRows(CAMPAIGN, ids, (rs) => states(rs, "export").every((s) => s === "done"));
    const lines = await exportLines(stack);
    expect(lines).toHaveLength(N);
    expect(new Set(lines.map((l) => JSON.parse(l).idempotencyKey)).size).toBe(N);
  });

  it("a redelivered export run does not write a second line", async () => {
    const row = (await stack.row(CAMPAIGN, ids[0]!))!;
    const cell = row.cells.export!;
    const campaign = {
      steps: [
        {
          id: "export",
          name: "Export",
          kind: "export" as const,
          needs: ["email"],
          autoRun: false,
          config: { target: { type: "file" as const, name: "out" } },
        },
      ],
    };
    await publishJson(
      stack.bus,
      Subjects.run("export"),
      RunMessageSchema,
      {
        runId: cell.run!.runId,
        workspaceId: WORKSPACE,
        campaignId: CAMPAIGN,
        prospectId: ids[0]!,
        stepId: "export",
        kind: "export",
        step: campaign.steps[0]!,
        inputs: cell.lastInputs!,
        inputHash: cell.run!.inputHash,
        idempotencyKey: cell.run!.idempotencyKey!,
        trigger: "click",
        queuedAt: cell.run!.queuedAt,
      },
      { msgId: `redelivery-${Date.now()}` },
    );
    await new Promise((r) => setTimeout(r, 1_500));
    expect(await exportLines(stack)).toHaveLength(N);
  });

  it("editing the email output makes its Co-Pilot export stale", async () => {
    const id = ids[1]!;
    const before = (await stack.row(CAMPAIGN, id))!;
    const output = { ...before.cells.email!.output, body: "Hi, a rewritten email." };
    await stack.send({ ...base(), type: "cell.edit", prospectId: id, stepId: "email", output });
    const [after] = await stack.waitForRows(
      CAMPAIGN,
      [id],
      ([r]) => r!.cells.export?.state === "stale",
    );
    expect(after!.cells.email?.output?.body).toBe("Hi, a rewritten email.");
    expect(after!.cells.email?.edited?.output?.by).toBe("tester");
  });

  it("Run Again on a done cell queues a new run and reprocesses it", async () => {
    const id = ids[2]!;
    const before = (await stack.row(CAMPAIGN, id))!;
    await stack.send({
      ...base(),
      type: "cell.rerun",
      prospectId: id,
      stepId: "email",
      trigger: "rerun",
    });
    const [after] = await stack.waitForRows(
      CAMPAIGN,
      [id],
      ([r]) =>
        r!.cells.email?.state === "done" && r!.cells.email.runId !== before.cells.email?.runId,
    );
    expect(after!.cells.email?.run?.trigger).toBe("rerun");
  });
});

describe("an Auto-Pilot export", () => {
  let stack: CoreStack;
  const C = "auto";
  const cmd = (
    c: Omit<Command, "commandId" | "workspaceId" | "campaignId" | "campaignVersion" | "at">,
  ) => ({ ...base(), campaignId: C, ...c }) as Command;
  beforeAll(async () => {
    stack = await startCoreStack();
    await stack.createCampaign(C, [
      { id: "email", name: "Email", kind: "content", needs: [], autoRun: true },
      { id: "export", name: "Export", kind: "export", needs: ["email"], autoRun: true },
    ]);
    await stack.send(cmd({ type: "prospects.upsert", prospects: [prospect("a1", 1)] } as Command));
    await stack.waitForRows(C, ["a1"], ([r]) => r!.cells.export?.state === "done");
  });
  afterAll(() => stack?.stop());

  it("re-runs only when an output edit changes its inputs", async () => {
    const before = (await stack.row(C, "a1"))!;
    const firstRun = before.cells.export!.runId;
    // The same output again: inputs unchanged, nothing is re-sent (rule 7).
    await stack.send(
      cmd({
        type: "cell.edit",
        prospectId: "a1",
        stepId: "email",
        output: before.cells.email!.output,
      } as Command),
    );
    await new Promise((r) => setTimeout(r, 1_000));
    expect((await stack.row(C, "a1"))!.cells.export?.runId).toBe(firstRun);
    // A changed output: the export runs again with the new inputs.
    const output = { ...before.cells.email!.output, body: "A different email body." };
    await stack.send(
      cmd({ type: "cell.edit", prospectId: "a1", stepId: "email", output } as unknown as Command),
    );
    const [after] = await stack.waitForRows(
      C,
      ["a1"],
      ([r]) => r!.cells.export?.state === "done" && r!.cells.export.runId !== firstRun,
    );
    expect(after!.cells.export?.inputHash).not.toBe(before.cells.export?.inputHash);
  });
});

describe("cancel and superseded results", () => {
  let stack: CoreStack;
  const C = "cancel";
  const cmd = (c: Record<string, unknown>) => ({ ...base(), campaignId: C, ...c }) as Command;
  beforeAll(async () => {
    // No step services: runs stay queued until a result is published by hand.
    stack = await startCoreStack({ kinds: [] });
    await stack.createCampaign(C, [
      { id: "insights", name: "Insights", kind: "insight", needs: [], autoRun: false },
    ]);
    await stack.send(cmd({ type: "prospects.upsert", prospects: [prospect("c1", 1)] }));
    await stack.waitForRows(C, ["c1"], ([r]) => r!.cells.insights?.state === "ready");
  });
  afterAll(() => stack?.stop());

  const succeeded = (runId: string): Result => ({
    runId,
    workspaceId: WORKSPACE,
    campaignId: C,
    prospectId: "c1",
    stepId: "insights",
    kind: "insight",
    attempt: 1,
    at: new Date().toISOString(),
    type: "succeeded",
    output: { insights: [] },
  });

  it("cancel turns a queued cell ready and ignores the canceled run's late result", async () => {
    await stack.send(
      cmd({ type: "cell.run", prospectId: "c1", stepId: "insights", trigger: "click" }),
    );
    const [queued] = await stack.waitForRows(
      C,
      ["c1"],
      ([r]) => r!.cells.insights?.state === "queued",
    );
    const canceledRun = queued!.cells.insights!.runId!;
    await stack.send(cmd({ type: "cell.cancel", prospectId: "c1", stepId: "insights" }));
    await stack.waitForRows(C, ["c1"], ([r]) => r!.cells.insights?.state === "ready");
    await publishJson(
      stack.bus,
      Subjects.result(WORKSPACE, C),
      ResultSchema,
      succeeded(canceledRun),
      { msgId: `late-${canceledRun}` },
    );
    await new Promise((r) => setTimeout(r, 800));
    const after = (await stack.row(C, "c1"))!;
    expect(after.cells.insights?.state).toBe("ready");
    expect(after.cells.insights?.output).toBeUndefined();
  });

  it("a result for a run that is no longer current changes nothing", async () => {
    await stack.send(
      cmd({ type: "cell.run", prospectId: "c1", stepId: "insights", trigger: "click" }),
    );
    const [queued] = await stack.waitForRows(
      C,
      ["c1"],
      ([r]) => r!.cells.insights?.state === "queued",
    );
    const current = queued!.cells.insights!.runId!;
    await publishJson(
      stack.bus,
      Subjects.result(WORKSPACE, C),
      ResultSchema,
      succeeded("r_not_current_run_000"),
      { msgId: "stale-result" },
    );
    await new Promise((r) => setTimeout(r, 800));
    const after = (await stack.row(C, "c1"))!;
    expect(after.cells.insights?.state).toBe("queued");
    expect(after.cells.insights?.runId).toBe(current);
    // The current run's own result still lands.
    await publishJson(stack.bus, Subjects.result(WORKSPACE, C), ResultSchema, succeeded(current), {
      msgId: `ok-${current}`,
    });
    await stack.waitForRows(C, ["c1"], ([r]) => r!.cells.insights?.state === "done");
  });
});
