// R9: three orchestrator replicas while many clients click Run / Run Again / Cancel on the same
// cells at once (with repeated request ids): every run id queued reaches exactly one outcome,
// no cell is left queued or running, and each cell's final state is the outcome of the last run
// queued for it in commit order (the runs stream's order).
import { RunPayloadSchema, runsIn, Streams, Subjects } from "@studio/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type NatsServer, startNatsServer } from "../support/nats-server";
import { record } from "./support/report";
import { checkOutcomes, importProspects, type System, scale, startSystem } from "./support/system";

const CELLS = scale(8, 40);
const CLIENTS = 12;
const OPS = scale(30, 250);

describe("R9 concurrency", () => {
  let nats: NatsServer;
  let sys: System;
  beforeAll(async () => {
    nats = await startNatsServer();
    sys = await startSystem({
      natsUrl: nats.url,
      orchestrators: 3,
      env: process.env.R9_DEBUG ? { LOG_LEVEL: "debug" } : {},
    });
    await sys.waitReady();
  });
  afterAll(async () => {
    await sys?.stop();
    await nats?.stop();
  });

  it(`${CLIENTS} clients × ${OPS} clicks on ${CELLS} shared cells, 3 orchestrators: one outcome per run`, async () => {
    const client = sys.client();
    await client.createCampaign({
      id: "r9",
      name: "R9",
      steps: [
        { id: "email", name: "Email", kind: "content", needs: [], autoRun: false, config: {} },
      ],
    });
    const ids = await importProspects(client, "r9", CELLS);
    const statuses: Record<string, number> = {};
    const promised = new Set<string>();
    let seed = 42;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const t0 = Date.now();
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, c) => {
        const me = sys.client();
        for (let i = 0; i < OPS; i++) {
          const prospectId = ids[rand(ids.length)]!;
          const action = (["run", "rerun", "cancel"] as const)[rand(3)]!;
          // One click in five repeats an earlier request id (a double click, a client retry).
          const requestId = rand(5) === 0 ? `c${c}-${Math.max(0, i - 1)}` : `c${c}-${i}`;
          const res = await fetch(
            `${sys.gatewayUrl}/v1/campaigns/r9/prospects/${prospectId}/cells/email/${action}`,
            {
              method: "POST",
              headers: {
                authorization: `Bearer ${sys.tokens.a}`,
                "idempotency-key": `${requestId}-${prospectId}-${action}`,
              },
            },
          );
          const text = await res.text();
          statuses[res.status] = (statuses[res.status] ?? 0) + 1;
          if (res.status === 202 && action !== "cancel") {
            const runId = (JSON.parse(text) as { cell?: { runId?: string } }).cell?.runId;
            if (runId !== undefined) promised.add(runId);
          }
          void me;
        }
      }),
    );
    const clickMs = Date.now() - t0;
    await sys.waitQuiet();
    const rows = await sys.waitRows(
      "r9",
      CELLS,
      (rs) => rs.every((r) => !["queued", "running"].includes(r.cells.email?.state ?? "")),
      60_000,
    );
    // Every run queued for these cells, in commit order (the runs stream's sequence).
    const queued = new Map<string, string[]>();
    const consumer = await sys.bus.js.consumers.get(Streams.runs, {
      filter_subject: Subjects.run("content"),
    } as never);
    const info = await consumer.info();
    let left = info.num_pending;
    while (left > 0) {
      const batch = await consumer.fetch({ max_messages: Math.min(left, 500), expires: 2_000 });
      for await (const m of batch) {
        left--;
        for (const run of runsIn(RunPayloadSchema.parse(m.json()))) {
          if (run.campaignId !== "r9") continue;
          queued.set(run.prospectId, [...(queued.get(run.prospectId) ?? []), run.runId]);
        }
      }
    }
    const commands: Record<string, number> = {};
    {
      const cc = await sys.bus.js.consumers.get(Streams.commands);
      let n = (await cc.info()).num_pending;
      while (n > 0) {
        const batch = await cc.fetch({ max_messages: Math.min(n, 500), expires: 2_000 });
        for await (const m of batch) {
          n--;
          const cmd = m.json() as { type: string; campaignId: string };
          if (cmd.campaignId === "r9") commands[cmd.type] = (commands[cmd.type] ?? 0) + 1;
        }
      }
    }
    const history = await sys.historyOf("r9");
    const outcomeOf = new Map<string, string[]>();
    for (const h of history)
      outcomeOf.set(h.runId, [...(outcomeOf.get(h.runId) ?? []), h.outcome ?? "none"]);
    for (const r of rows) {
      const run = r.cells.email?.run;
      if (run?.outcome !== undefined && !outcomeOf.get(run.runId)?.includes(run.outcome))
        outcomeOf.set(run.runId, [...(outcomeOf.get(run.runId) ?? []), run.outcome]);
    }
    const runIds = [...queued.values()].flat();
    // Run ids the gateway promised with a 202 (cell "queued") that the orchestrator then
    // refused: it never queued them. With one gateway process, none (it judges each click
    // against the row with its own pending commands folded in, see the gateway README).
    const queuedIds = new Set(runIds);
    const promisedRefused = [...promised].filter((id) => !queuedIds.has(id));
    // What the gateway answers now agrees with the stored rows (its view is not stale).
    const staleGateway: string[] = [];
    for (const r of rows) {
      const cell = await client.getCell({
        campaignId: "r9",
        prospectId: r.prospect.id,
        stepId: "email",
      });
      if (cell.state !== r.cells.email?.state || cell.version !== r.cells.email?.version)
        staleGateway.push(
          `${r.prospect.id}: gateway ${cell.state} v${cell.version}, row ${r.cells.email?.state} v${r.cells.email?.version}`,
        );
    }
    const noOutcome = runIds.filter((id) => (outcomeOf.get(id) ?? []).length === 0);
    const twoOutcomes = [...outcomeOf].filter(([, o]) => new Set(o).size > 1);
    const notLast = rows.filter((r) => {
      const runs = queued.get(r.prospect.id) ?? [];
      return runs.length > 0 && r.cells.email?.runId !== runs[runs.length - 1];
    });
    const mismatched = rows.filter((r) => {
      const cell = r.cells.email!;
      const outcome = cell.run?.outcome;
      return !(
        (cell.state === "done" && outcome === "done") ||
        (cell.state === "failed" && outcome === "failed") ||
        (cell.state === "ready" && (outcome === "canceled" || cell.run === undefined))
      );
    });
    await record("R9", {
      injected: `${CLIENTS} concurrent clients, run/rerun/cancel on ${CELLS} cells, 3 orchestrator replicas, 20% repeated request ids`,
      clicks: CLIENTS * OPS,
      clickMs,
      statuses,
      runsQueued: runIds.length,
      withoutOutcome: noOutcome.length,
      withTwoOutcomes: twoOutcomes.length,
      cellNotOnLastRun: notLast.length,
      stateOutcomeMismatch: mismatched.length,
      outcomeProblems: checkOutcomes(rows, history).length,
      commands,
      staleGateway: staleGateway.slice(0, 3),
      // 202 answers (run / rerun) and how many of their run ids the orchestrator refused.
      promisedRunIds: promised.size,
      promisedNeverQueued: promisedRefused.length,
    });
    expect(Object.keys(statuses).filter((s) => Number(s) >= 500)).toEqual([]);
    expect(staleGateway).toEqual([]);
    expect(runIds.length).toBeGreaterThan(0);
    expect(noOutcome).toEqual([]);
    expect(twoOutcomes).toEqual([]);
    expect(notLast.map((r) => r.prospect.id)).toEqual([]);
    expect(mismatched.map((r) => `${r.cells.email?.state}/${r.cells.email?.run?.outcome}`)).toEqual(
      [],
    );
    expect(checkOutcomes(rows, history)).toEqual([]);
    // One gateway process (startSystem runs one): every 202 "queued" is a run that was queued.
    expect(promised.size).toBeGreaterThan(0);
    expect(promisedRefused).toEqual([]);
  });
});
