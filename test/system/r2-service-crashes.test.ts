// R2: kill -9 each worker, the orchestrator and the gateway (with clients on the event stream)
// in the middle of a cascade, restart each: every cell final, 0 lost, 0 duplicated, a killed
// worker's runs redelivered within ack wait + 5 s, every stream client caught up with no gap.
import type { EventStreamHandle } from "@studio/client";
import { ResultMessageSchema, resultsIn, Subjects } from "@studio/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type NatsServer, startNatsServer } from "../support/nats-server";
import { logLines, type ServiceProcess } from "./support/processes";
import { startReceiver, type WebhookReceiver } from "./support/receiver";
import { record, waitFor } from "./support/report";
import {
  cascadeSteps,
  checkOutcomes,
  exportKey,
  importProspects,
  type System,
  scale,
  startSystem,
} from "./support/system";

const N = scale(300, 2000);
const ACK_WAIT_MS = 8_000;
const CLIENTS = 3;

describe("R2 service crashes", () => {
  let nats: NatsServer;
  let receiver: WebhookReceiver;
  let sys: System;
  const redeliveries: Array<{ kind: string; runId: string; attempt: number; at: number }> = [];
  beforeAll(async () => {
    nats = await startNatsServer();
    receiver = await startReceiver();
    sys = await startSystem({
      natsUrl: nats.url,
      ackWaitMs: ACK_WAIT_MS,
      env: { STUDIO_SECRET_HOOK: receiver.secret },
    });
    await sys.waitReady();
    // Every redelivered run announces itself with a `started` of attempt ≥ 2. So does a retry
    // after a retryable failure (e.g. a provider over its rate limit): those follow a `failed`
    // result with `willRetry` and are not redeliveries.
    const retries = new Set<string>();
    const sub = sys.bus.nc.subscribe(Subjects.resultsAll);
    void (async () => {
      for await (const m of sub) {
        const r = ResultMessageSchema.safeParse(m.json());
        if (!r.success) continue;
        for (const result of resultsIn(r.data))
          if (result.type === "failed" && result.willRetry)
            retries.add(`${result.runId}:${result.attempt + 1}`);
          else if (
            result.type === "started" &&
            result.attempt > 1 &&
            !retries.has(`${result.runId}:${result.attempt}`)
          )
            redeliveries.push({
              kind: result.kind,
              runId: result.runId,
              attempt: result.attempt,
              at: Date.now(),
            });
      }
    })();
  });
  afterAll(async () => {
    await sys?.stop();
    await receiver?.close();
    await nats?.stop();
  });

  it(`kill -9 insight, content, orchestrator, export, gateway mid-cascade of ${N}: nothing lost`, async () => {
    const client = sys.client();
    await client.createCampaign({
      id: "r2",
      name: "R2",
      steps: cascadeSteps(receiver.url, { timeoutMs: 5_000 }),
    });
    // Clients on the event stream: the last version each saw of every cell.
    const seen = Array.from({ length: CLIENTS }, () => new Map<string, number>());
    const reconnects = Array.from({ length: CLIENTS }, () => 0);
    const streams: EventStreamHandle[] = seen.map((versions, i) =>
      client.openEventStream("r2", {
        initialDelayMs: 200,
        maxDelayMs: 1_000,
        onEvent: (e) => {
          if (e.type !== "cell") return;
          const k = `${e.data.prospectId}/${e.data.stepId}`;
          versions.set(k, Math.max(versions.get(k) ?? 0, e.data.version));
        },
        onStatus: (s) => {
          if (s.state === "offline") reconnects[i] = (reconnects[i] ?? 0) + 1;
        },
      }),
    );
    await waitFor(() => streams.every((s) => s.status.state === "open"), 10_000, "streams open");

    const kills: Array<{ kind: string; at: number; consumingAt?: number }> = [];
    const consuming = async (p: ServiceProcess) =>
      (await logLines(p)).filter((l) => l.msg === "step service consuming runs").length;
    const crash = async (p: ServiceProcess, kind: string) => {
      const kill: (typeof kills)[number] = { kind, at: Date.now() };
      kills.push(kill);
      const before = await consuming(p);
      await p.kill("SIGKILL");
      await p.restart();
      // When the restarted worker consumes again: nothing can be redelivered to it before.
      void (async () => {
        while (Date.now() - kill.at < 120_000 && (await consuming(p)) <= before)
          await new Promise((r) => setTimeout(r, 100));
        kill.consumingAt = Date.now();
      })();
    };
    const delivered = (share: number) => () => receiver.effects.size >= N * share;

    await importProspects(client, "r2", N);
    await crash(sys.services.insight, "insight");
    await waitFor(
      async () =>
        (await sys.campaignRows("r2")).some(
          (r) => r.cells.email?.state === "running" || r.cells.email?.state === "done",
        ),
      60_000,
    );
    await crash(sys.services.content, "content");
    await waitFor(delivered(0.1), 120_000, "10% delivered");
    await crash(sys.services.orchestrators[0]!, "orchestrator");
    await waitFor(delivered(0.3), 120_000, "30% delivered");
    await crash(sys.services.export, "export");
    await waitFor(delivered(0.5), 120_000, "50% delivered");
    await crash(sys.services.gateway, "gateway");

    const rows = await sys.waitRows(
      "r2",
      N,
      (rs) => rs.every((r) => r.cells.hook?.state === "done" || r.cells.hook?.state === "failed"),
      scale(100_000, 900_000),
    );
    // The streams catch up: each client's last seen version of every cell is the final one.
    const behind = () =>
      seen.map(
        (versions) =>
          rows.flatMap((r) =>
            Object.values(r.cells).filter(
              (c) => (versions.get(`${c.prospectId}/${c.stepId}`) ?? 0) < c.version,
            ),
          ).length,
      );
    await waitFor(() => behind().every((n) => n === 0), 30_000, "stream clients caught up").catch(
      () => undefined,
    );
    for (const s of streams) s.close();

    const keys = rows.map((r) => exportKey(r) ?? `missing:${r.prospect.id}`);
    const lost = receiver.lost(keys);
    const duplicated = receiver.duplicated();
    const resent = [...receiver.requests].filter(([, n]) => n > 1).map(([id]) => id);
    const history = await sys.historyOf("r2");
    const outcomes = checkOutcomes(rows, history);
    // A payload sent again is only acceptable as the one unavoidable case: the export worker
    // was killed after the receiver took it and before the ledger recorded it (Two Generals);
    // it goes out with the same webhook-id for the receiver to deduplicate.
    const exportKill = kills.find((k) => k.kind === "export")?.at ?? 0;
    const unexplained = resent.filter((id) => {
      const [firstAt, secondAt] = receiver.times.get(id) ?? [];
      return !(
        firstAt !== undefined &&
        secondAt !== undefined &&
        firstAt < exportKill &&
        secondAt > exportKill
      );
    });
    const workerKills = kills.filter((k) => ["insight", "content", "export"].includes(k.kind));
    const worker = (kind: string) =>
      kind === "insight"
        ? sys.services.insight
        : kind === "content"
          ? sys.services.content
          : sys.services.export;
    // When the broker handed the killed process' messages to its successor: the worker logs
    // each redelivered message once ("message redelivered", pino time in ms). This is what
    // the bar is about; a run's `started` (below) also waits for a free slot, e.g. behind a
    // rate-limited target.
    const messageRedeliveryMs: Record<string, { messages: number; maxMs: number }> = {};
    for (const k of workerKills) {
      const next =
        kills.find((o) => o.kind === k.kind && o.at > k.at)?.at ?? Number.POSITIVE_INFINITY;
      const seen = new Map<number, number>();
      for (const l of await logLines(worker(k.kind))) {
        const time = Number(l.time);
        if (
          l.msg === "message redelivered" &&
          time > k.at &&
          time < next &&
          !seen.has(Number(l.seq))
        )
          seen.set(Number(l.seq), time - k.at);
      }
      messageRedeliveryMs[k.kind] = { messages: seen.size, maxMs: Math.max(0, ...seen.values()) };
    }
    const redeliveryMs = workerKills.map((k) => {
      const next =
        kills.find((o) => o.kind === k.kind && o.at > k.at)?.at ?? Number.POSITIVE_INFINITY;
      // The first redelivery of each run the killed process held (later ones are its retries).
      const first = new Map<string, number>();
      for (const r of redeliveries)
        if (r.kind === k.kind && r.at > k.at && r.at < next && !first.has(r.runId))
          first.set(r.runId, r.at);
      const delays = [...first.values()].map((at) => at - k.at).sort((a, b) => a - b);
      const at = (q: number) => delays[Math.min(delays.length - 1, Math.floor(q * delays.length))];
      return {
        kind: k.kind,
        runs: first.size,
        p50Ms: at(0.5) ?? 0,
        p90Ms: at(0.9) ?? 0,
        maxMs: Math.max(0, ...delays),
        overBar: delays.filter((d) => d > ACK_WAIT_MS + 5_000).length,
        restartedConsumingMs: k.consumingAt === undefined ? undefined : k.consumingAt - k.at,
      };
    });
    await record("R2", {
      injected:
        "kill -9 + restart: insight, content, orchestrator, export, gateway (3 SSE clients)",
      prospects: N,
      cellRuns: N * 3,
      lost: lost.length,
      duplicated: duplicated.length,
      resentAfterExportKill: resent.length - unexplained.length,
      messageRedeliveryMs,
      resentOtherwise: unexplained.length,
      outcomeSamples: outcomes.slice(0, 3),
      unexplainedTimes: unexplained.slice(0, 3).map((id) => ({
        id,
        kills: kills.map((k) => `${k.kind}@${k.at - (kills[0]?.at ?? 0)}`),
        requests: (receiver.times.get(id) ?? []).map((t) => t - (kills[0]?.at ?? 0)),
      })),
      notDone: rows.filter((r) => r.cells.hook?.state !== "done").length,
      outcomeProblems: outcomes.length,
      historyEntries: history.length,
      redeliveryMs,
      streamCellsBehind: behind(),
      streamReconnects: reconnects,
    });
    expect(
      rows.filter((r) => r.cells.hook?.state !== "done").map((r) => r.cells.hook?.error),
    ).toEqual([]);
    expect(lost).toEqual([]);
    expect(unexplained).toEqual([]);
    expect(duplicated.filter((id) => unexplained.includes(id))).toEqual([]);
    expect(outcomes).toEqual([]);
    // Redelivery is due at ack wait; with one replica per kind it can only happen once the
    // restarted worker consumes again (under load its start alone can take longer).
    for (const r of redeliveryMs)
      expect(messageRedeliveryMs[r.kind]?.maxMs ?? 0).toBeLessThanOrEqual(
        Math.max(ACK_WAIT_MS, r.restartedConsumingMs ?? 0) + 5_000,
      );
    // Every killed worker that had runs in hand got messages back.
    for (const r of redeliveryMs)
      if (r.runs > 0) expect(messageRedeliveryMs[r.kind]?.messages ?? 0).toBeGreaterThan(0);
    expect(redeliveryMs.find((r) => r.kind === "export")?.runs ?? 0).toBeGreaterThan(0);
    expect(behind()).toEqual(Array.from({ length: CLIENTS }, () => 0));
    expect(reconnects.every((n) => n >= 1)).toBe(true);
  });
});
