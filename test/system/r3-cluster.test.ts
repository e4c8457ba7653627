// R3: a 3-node NATS cluster on loopback, streams and buckets at 3 replicas, the services given
// every node in NATS_URL; one node stopped mid-cascade and brought back: nothing lost.
import { Buckets, Streams } from "@studio/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type NatsCluster, startNatsCluster, waitJetStreamCluster } from "./support/cluster";
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

const N = scale(200, 2000);

describe("R3 cluster node loss", () => {
  let cluster: NatsCluster;
  let receiver: WebhookReceiver;
  let sys: System;
  beforeAll(async () => {
    cluster = await startNatsCluster(3);
    receiver = await startReceiver();
    sys = await startSystem({
      natsUrl: cluster.urls,
      replicas: 3,
      env: { STUDIO_SECRET_HOOK: receiver.secret },
    });
    await sys.waitReady();
  });
  afterAll(async () => {
    await sys?.stop();
    await receiver?.close();
    await cluster?.stop();
  });

  it(`stop one of 3 nodes mid-cascade of ${N} prospects (R3 streams and buckets): nothing lost`, async () => {
    // Every service provisioned after the operator: the replicas stayed at 3.
    for (const name of [
      Streams.commands,
      Streams.runs,
      Streams.results,
      `KV_${Buckets.rows}`,
      `KV_${Buckets.exports}`,
    ])
      expect((await sys.bus.jsm.streams.info(name)).config.num_replicas).toBe(3);
    const client = sys.client();
    await client.createCampaign({ id: "r3", name: "R3", steps: cascadeSteps(receiver.url) });
    await importProspects(client, "r3", N);
    await waitFor(() => receiver.effects.size >= N * 0.2, 120_000, "20% delivered");
    // Stop the node that leads the runs stream, the one whose loss hurts most.
    const leader = (await sys.bus.jsm.streams.info(Streams.runs)).cluster?.leader;
    const victim = cluster.nodes.find((n) => n.name === leader) ?? cluster.nodes[0]!;
    await victim.kill("SIGKILL");
    await waitFor(() => receiver.effects.size >= N * 0.5, 120_000, "50% delivered on 2 nodes");
    await victim.start();
    await waitJetStreamCluster(victim.monitorPort, 30_000);
    const rows = await sys.waitRows(
      "r3",
      N,
      (rs) => rs.every((r) => r.cells.hook?.state === "done" || r.cells.hook?.state === "failed"),
      scale(150_000, 900_000),
    );
    const keys = rows.map((r) => exportKey(r) ?? `missing:${r.prospect.id}`);
    const lost = receiver.lost(keys);
    const duplicated = receiver.duplicated();
    const outcomes = checkOutcomes(rows, await sys.historyOf("r3"));
    await record("R3", {
      injected: `kill -9 of cluster node ${victim.name} (leader of ${Streams.runs}), restarted`,
      prospects: N,
      cellRuns: N * 3,
      lost: lost.length,
      duplicated: duplicated.length,
      notDone: rows.filter((r) => r.cells.hook?.state !== "done").length,
      outcomeProblems: outcomes.length,
    });
    expect(
      rows.filter((r) => r.cells.hook?.state !== "done").map((r) => r.cells.hook?.error?.message),
    ).toEqual([]);
    expect(lost).toEqual([]);
    expect(duplicated).toEqual([]);
    expect(outcomes).toEqual([]);
  });
});
