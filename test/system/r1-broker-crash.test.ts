// R1: kill -9 nats-server in the middle of a cascade through a signed webhook export, restart it
// on the same store: every cell reaches its final state, the receiver sees each payload once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type NatsServer, startNatsServer } from "../support/nats-server";
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

const N = Number(process.env.R1_N ?? scale(300, 3000));
const KILLS = Number(process.env.R1_KILLS ?? scale(1, 3));

describe("R1 broker crash", () => {
  let nats: NatsServer;
  let receiver: WebhookReceiver;
  let sys: System;
  beforeAll(async () => {
    nats = await startNatsServer();
    receiver = await startReceiver();
    sys = await startSystem({
      natsUrl: nats.url,
      env: { STUDIO_SECRET_HOOK: receiver.secret },
    });
    await sys.waitReady();
  });
  afterAll(async () => {
    await sys?.stop();
    await receiver?.close();
    await nats?.stop();
  });

  it(`kill -9 nats-server ${KILLS}× mid-cascade of ${N} prospects: 0 lost, 0 duplicated`, async () => {
    const client = sys.client();
    await client.createCampaign({ id: "r1", name: "R1", steps: cascadeSteps(receiver.url) });
    const ids = await importProspects(client, "r1", N);
    for (let k = 1; k <= KILLS; k++) {
      // Kill when a share of the deliveries is through, so runs of every kind are in flight.
      await waitFor(() => receiver.effects.size >= (N * k) / (KILLS + 2), 120_000);
      await nats.kill("SIGKILL");
      await new Promise((r) => setTimeout(r, 1_500));
      await nats.restart();
    }
    const rows = await sys.waitRows(
      "r1",
      N,
      (rs) => rs.every((r) => r.cells.hook?.state === "done" || r.cells.hook?.state === "failed"),
      scale(120_000, 600_000),
    );
    const keys = rows.map((r) => exportKey(r) ?? `missing:${r.prospect.id}`);
    const failed = rows.filter((r) => r.cells.hook?.state !== "done");
    const lost = receiver.lost(keys);
    const duplicated = receiver.duplicated();
    const outcomes = checkOutcomes(rows, await sys.historyOf("r1"));
    await record("R1", {
      injected: `kill -9 nats-server ×${KILLS}, restart on the same store`,
      prospects: N,
      cellRuns: N * 3,
      lost: lost.length,
      duplicated: duplicated.length,
      resent: [...receiver.requests.values()].filter((n) => n > 1).length,
      notDone: failed.length,
      outcomeProblems: outcomes.length,
    });
    expect(ids.length).toBe(N);
    expect(failed.map((r) => r.cells.hook?.error?.message)).toEqual([]);
    expect(lost).toEqual([]);
    expect(duplicated).toEqual([]);
    expect(receiver.badSignatures).toBe(0);
    expect(outcomes).toEqual([]);
  });
});
