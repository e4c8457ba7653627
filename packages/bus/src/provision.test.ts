import { Buckets, Consumers, StepKinds, Streams } from "@studio/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type NatsServer, startNatsServer } from "../../../test/support/nats-server";
import { type Bus, connectBus } from "./connect";
import { provisionBus } from "./provision";

describe("provisionBus", () => {
  let server: NatsServer;
  let bus: Bus;
  beforeAll(async () => {
    server = await startNatsServer({ jetstream: true });
    bus = await connectBus({ servers: server.url, name: "provision-test" });
  });
  afterAll(async () => {
    await bus?.close();
    await server?.stop();
  });

  it("creates every stream, consumer and bucket, and a second run changes nothing", async () => {
    await provisionBus(bus, { ackWaitMs: 5000 });
    const before = await bus.jsm.streams.info(Streams.runs);
    await provisionBus(bus, { ackWaitMs: 5000 });
    const after = await bus.jsm.streams.info(Streams.runs);
    expect(after.created).toEqual(before.created);
    expect(after.config.retention).toBe("limits");
    for (const kind of StepKinds) {
      const ci = await bus.jsm.consumers.info(Streams.runs, Consumers.worker(kind));
      expect(ci.config.filter_subject).toBe(`studio.run.${kind}`);
      expect(ci.config.ack_wait).toBe(5000 * 1_000_000);
    }
    await bus.jsm.consumers.info(Streams.commands, Consumers.orchestratorCommands);
    await bus.jsm.consumers.info(Streams.results, Consumers.orchestratorResults);
    for (const bucket of Object.values(Buckets)) {
      const si = await bus.jsm.streams.info(`KV_${bucket}`);
      expect(si.config.max_msgs_per_subject).toBe(1);
    }
    const requests = await bus.jsm.streams.info(`KV_${Buckets.requests}`);
    expect(requests.config.max_age).toBeGreaterThan(0);
  });

  it("converges when several processes provision at once and updates a changed ack wait", async () => {
    const others = await Promise.all(
      [1, 2, 3].map((i) => connectBus({ servers: server.url, name: `replica-${i}` })),
    );
    try {
      await Promise.all(others.map((b) => provisionBus(b, { ackWaitMs: 7000 })));
      const ci = await bus.jsm.consumers.info(Streams.runs, Consumers.worker("insight"));
      expect(ci.config.ack_wait).toBe(7000 * 1_000_000);
    } finally {
      await Promise.all(others.map((b) => b.close()));
    }
  });

  it("a service provisioning without options keeps what an operator chose (ack wait, replicas)", async () => {
    await provisionBus(bus, { ackWaitMs: 9000 });
    await provisionBus(bus);
    const ci = await bus.jsm.consumers.info(Streams.runs, Consumers.worker("export"));
    expect(ci.config.ack_wait).toBe(9000 * 1_000_000);
    const si = await bus.jsm.streams.info(Streams.runs);
    expect(si.config.num_replicas).toBe(1);
  });
});
