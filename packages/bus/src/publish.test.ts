import { Streams, Subjects } from "@studio/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type NatsServer, startNatsServer } from "../../../test/support/nats-server";
import { type Counter, CounterSchema } from "../../../test/support/schemas";
import { type Bus, connectBus } from "./connect";
import { isInvalidPayloadError } from "./errors";
import { provisionBus } from "./provision";
import { createPublisher, publishJson } from "./publish";

describe("publishJson", () => {
  let server: NatsServer;
  let bus: Bus;
  beforeAll(async () => {
    server = await startNatsServer({ jetstream: true });
    bus = await connectBus({ servers: server.url, name: "publish-test" });
    await provisionBus(bus);
  });
  afterAll(async () => {
    await bus?.close();
    await server?.stop();
  });

  it("stores a message published twice with the same msgId once", async () => {
    const subject = Subjects.command("ws1", "c1");
    const first = await publishJson(
      bus,
      subject,
      CounterSchema,
      { n: 1 },
      { msgId: "req-1", requestId: "r1" },
    );
    const second = await publishJson(
      bus,
      subject,
      CounterSchema,
      { n: 1 },
      { msgId: "req-1", requestId: "r1" },
    );
    expect(first.duplicate).toBe(false);
    expect(second.duplicate).toBe(true);
    expect(second.seq).toBe(first.seq);
    const info = await bus.jsm.streams.info(Streams.commands);
    expect(info.state.messages).toBe(1);
    const stored = await bus.jsm.streams.getMessage(Streams.commands, { seq: first.seq });
    expect(stored?.header.get("Studio-Request-Id")).toBe("r1");
  });

  it("refuses a payload that fails its schema, before anything is sent", async () => {
    const bad = { n: "x" } as unknown as Counter;
    const err = await publishJson(bus, Subjects.command("ws1", "c1"), CounterSchema, bad, {
      msgId: "bad",
    }).catch((e: unknown) => e);
    expect(isInvalidPayloadError(err)).toBe(true);
  });

  it("keeps many publishes in flight and flushes them all", async () => {
    const publisher = createPublisher(bus, { maxInFlight: 256 });
    const count = 3000;
    const started = performance.now();
    const acks = [];
    for (let i = 0; i < count; i++) {
      acks.push(
        publisher.publish(
          Subjects.result("ws2", "c2"),
          CounterSchema,
          { n: i },
          { msgId: `m-${i}` },
        ),
      );
      expect(publisher.inFlight).toBeLessThanOrEqual(256);
    }
    await publisher.flush();
    const seconds = (performance.now() - started) / 1000;
    const settled = await Promise.all(acks);
    expect(new Set(settled.map((a) => a.seq)).size).toBe(count);
    console.info(`windowed publish: ${Math.round(count / seconds)} msgs/s`);
  });
});
