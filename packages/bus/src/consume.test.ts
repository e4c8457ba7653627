import { Consumers, Streams, Subjects } from "@studio/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type NatsServer, startNatsServer } from "../../../test/support/nats-server";
import { type Counter, CounterSchema } from "../../../test/support/schemas";
import { type Bus, connectBus } from "./connect";
import { consumeBatches, consumeEach, type Delivery } from "./consume";
import type { BusLogger } from "./logger";
import { provisionBus } from "./provision";
import { publishJson } from "./publish";

function recordingLogger() {
  const errors: Array<{ obj: object; msg?: string }> = [];
  const log: BusLogger = {
    debug: () => undefined,
    info: () => undefined,
    warn: () => undefined,
    error: (obj, msg) => errors.push({ obj, msg }),
  };
  return { log, errors };
}

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("consumeBatches / consumeEach", () => {
  let server: NatsServer;
  let bus: Bus;
  beforeAll(async () => {
    server = await startNatsServer({ jetstream: true });
    bus = await connectBus({ servers: server.url, name: "consume-test" });
    await provisionBus(bus, { ackWaitMs: 2000 });
  });
  afterAll(async () => {
    await bus?.close();
    await server?.stop();
  });

  it("terminates invalid messages (bad JSON, schema error) and still delivers the valid ones", async () => {
    const subject = Subjects.command("ws", "c");
    for (let i = 0; i < 10; i++) {
      await publishJson(bus, subject, CounterSchema, { n: i }, { msgId: `ok-${i}` });
    }
    await bus.js.publish(subject, "{not json", { msgID: "bad-json" });
    await bus.js.publish(subject, JSON.stringify({ n: "seven" }), { msgID: "bad-schema" });
    const { log, errors } = recordingLogger();
    const seen: number[] = [];
    const batchSizes: number[] = [];
    const consumption = consumeBatches(
      bus,
      {
        stream: Streams.commands,
        consumer: Consumers.orchestratorCommands,
        schema: CounterSchema,
        maxBatch: 4,
        log,
      },
      async (batch: Delivery<Counter>[]) => {
        batchSizes.push(batch.length);
        for (const item of batch) {
          seen.push(item.data.n);
          item.msg.ack();
        }
      },
    );
    await until(() => seen.length === 10 && errors.length === 2);
    await new Promise((r) => setTimeout(r, 300));
    await consumption.stop();
    expect(seen.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(Math.max(...batchSizes)).toBeLessThanOrEqual(4);
    expect(errors.map((e) => (e.obj as { subject: string }).subject)).toEqual([subject, subject]);
    const info = await bus.jsm.consumers.info(Streams.commands, Consumers.orchestratorCommands);
    expect(info.num_ack_pending).toBe(0);
    expect(info.num_redelivered).toBe(0);
    expect(info.num_pending).toBe(0);
  });

  it("naks a batch whose handler throws, so it comes back", async () => {
    const subject = Subjects.result("ws", "c");
    await publishJson(bus, subject, CounterSchema, { n: 42 }, { msgId: "r-42" });
    let calls = 0;
    const deliveries: number[] = [];
    const consumption = consumeBatches(
      bus,
      {
        stream: Streams.results,
        consumer: Consumers.orchestratorResults,
        schema: CounterSchema,
        nakDelayMs: 50,
        log: recordingLogger().log,
      },
      async (batch) => {
        calls++;
        for (const item of batch) deliveries.push(item.info.deliveryCount);
        if (calls === 1) throw new Error("boom");
        for (const item of batch) item.msg.ack();
      },
    );
    await until(() => calls >= 2);
    await consumption.stop();
    expect(deliveries).toEqual([1, 2]);
  });

  it("consumeEach keeps at most `concurrency` handlers in flight and acks on success", async () => {
    const subject = Subjects.run("content");
    for (let i = 0; i < 30; i++)
      await publishJson(bus, subject, CounterSchema, { n: i }, { msgId: `e-${i}` });
    let active = 0;
    let peak = 0;
    let done = 0;
    const consumption = consumeEach(
      bus,
      {
        stream: Streams.runs,
        consumer: Consumers.worker("content"),
        schema: CounterSchema,
        concurrency: 3,
      },
      async () => {
        active++;
        peak = Math.max(peak, active);
        await new Promise((r) => setTimeout(r, 10));
        active--;
        done++;
      },
    );
    await until(() => done === 30);
    await consumption.stop();
    expect(peak).toBeLessThanOrEqual(3);
    const info = await bus.jsm.consumers.info(Streams.runs, Consumers.worker("content"));
    expect(info.num_ack_pending).toBe(0);
  });
});
