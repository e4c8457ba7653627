import { Streams, Subjects } from "@studio/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type NatsServer, startNatsServer } from "../../../test/support/nats-server";
import { createBatchPublisher } from "./batch-publish";
import { type Bus, connectBus } from "./connect";
import { provisionBus } from "./provision";

describe("createBatchPublisher", () => {
  let server: NatsServer;
  let bus: Bus;
  beforeAll(async () => {
    server = await startNatsServer({ jetstream: true });
    bus = await connectBus({ servers: server.url, name: "batch-publish-test" });
    await provisionBus(bus);
  });
  afterAll(async () => {
    await bus?.close();
    await server?.stop();
  });

  async function stored(subject: string): Promise<unknown[]> {
    const info = await bus.jsm.streams.info(Streams.results);
    const out: unknown[] = [];
    for (let seq = info.state.first_seq; seq <= info.state.last_seq; seq++) {
      const m = await bus.jsm.streams.getMessage(Streams.results, { seq }).catch(() => undefined);
      if (m?.subject === subject) out.push(m.json());
    }
    return out;
  }

  it("sends what is published in one turn as one message per subject, in order", async () => {
    const publisher = createBatchPublisher(bus, { field: "results", maxItems: 64 });
    const a = Subjects.result("ws1", "turn-a");
    const b = Subjects.result("ws1", "turn-b");
    await Promise.all([
      ...Array.from({ length: 10 }, (_, i) => publisher.publish(a, { n: i }, `a-${i}`)),
      publisher.publish(b, { n: 0 }, "b-0"),
    ]);
    expect(await stored(a)).toEqual([
      { results: Array.from({ length: 10 }, (_, i) => ({ n: i })) },
    ]);
    // A lone item travels as itself, under its own message id.
    expect(await stored(b)).toEqual([{ n: 0 }]);
  });

  it("splits by item count and by size", async () => {
    const publisher = createBatchPublisher(bus, { field: "results", maxItems: 4, maxBytes: 200 });
    const byCount = Subjects.result("ws1", "count");
    await Promise.all(
      Array.from({ length: 10 }, (_, i) => publisher.publish(byCount, { n: i }, `c-${i}`)),
    );
    const counted = (await stored(byCount)) as Array<{ results?: unknown[] }>;
    expect(counted.map((m) => m.results?.length ?? 1)).toEqual([4, 4, 2]);

    const bySize = Subjects.result("ws1", "size");
    const text = "x".repeat(80);
    await Promise.all(
      Array.from({ length: 3 }, (_, i) => publisher.publish(bySize, { i, text }, `s-${i}`)),
    );
    const sized = await stored(bySize);
    expect(sized.length).toBeGreaterThan(1);
    for (const m of sized) expect(JSON.stringify(m).length).toBeLessThanOrEqual(200);
  });

  it("derives a batch's message id from its items: the same batch sent again is stored once", async () => {
    const subject = Subjects.result("ws1", "dedupe");
    const first = createBatchPublisher(bus, { field: "results" });
    const again = createBatchPublisher(bus, { field: "results" });
    for (const publisher of [first, again])
      await Promise.all([
        publisher.publish(subject, { n: 1 }, "d-1"),
        publisher.publish(subject, { n: 2 }, "d-2"),
      ]);
    expect(await stored(subject)).toEqual([{ results: [{ n: 1 }, { n: 2 }] }]);
  });

  it("rejects every item of a batch whose message could not be stored", async () => {
    const publisher = createBatchPublisher(bus, { field: "results", deadlineMs: 300 });
    // No stream listens on this subject: JetStream answers "no responders".
    const outcomes = await Promise.allSettled([
      publisher.publish("nowhere.at.all", { n: 1 }, "x-1"),
      publisher.publish("nowhere.at.all", { n: 2 }, "x-2"),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(["rejected", "rejected"]);
  });
});
