import { Buckets } from "@studio/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type NatsServer, startNatsServer } from "../../../test/support/nats-server";
import { type Counter, CounterSchema } from "../../../test/support/schemas";
import { type Bus, connectBus } from "./connect";
import { isInvalidStoredValueError, isRevisionMismatchError } from "./errors";
import { openStore, type Store } from "./kv";
import { provisionBus } from "./provision";

describe("openStore", () => {
  let server: NatsServer;
  let bus: Bus;
  let store: Store<Counter>;
  beforeAll(async () => {
    server = await startNatsServer({ jetstream: true });
    bus = await connectBus({ servers: server.url, name: "kv-test" });
    await provisionBus(bus);
    store = await openStore(bus, Buckets.rows, CounterSchema);
  });
  afterAll(async () => {
    await bus?.close();
    await server?.stop();
  });

  it("creates, updates with compare-and-set, and refuses a stale revision", async () => {
    const r1 = await store.create("w.c.p1", { n: 1 });
    expect(isRevisionMismatchError(await store.create("w.c.p1", { n: 9 }).catch((e) => e))).toBe(
      true,
    );
    const r2 = await store.update("w.c.p1", { n: 2 }, r1);
    expect(
      isRevisionMismatchError(await store.update("w.c.p1", { n: 3 }, r1).catch((e) => e)),
    ).toBe(true);
    expect(await store.get("w.c.p1")).toEqual({ value: { n: 2 }, revision: r2 });
    await store.delete("w.c.p1");
    expect(await store.get("w.c.p1")).toBeUndefined();
    await store.create("w.c.p1", { n: 5 });
    expect((await store.get("w.c.p1"))?.value).toEqual({ n: 5 });
    expect(await store.keys("w.c.>")).toEqual(["w.c.p1"]);
  });

  it("verifyMissing looks through the key's subject: same answers as get, missing stays missing", async () => {
    const rev = await store.create("w.v.p1", { n: 1 });
    expect(await store.get("w.v.p1", { verifyMissing: true })).toEqual({
      value: { n: 1 },
      revision: rev,
    });
    expect(await store.get("w.v.nobody", { verifyMissing: true })).toBeUndefined();
    await store.delete("w.v.p1");
    expect(await store.get("w.v.p1", { verifyMissing: true })).toBeUndefined();
  });

  it("reports an invalid stored value as undefined from get and as a typed error from mutate", async () => {
    await bus.js.publish(`$KV.${Buckets.rows}.w.c.broken`, JSON.stringify({ n: "x" }));
    expect(await store.get("w.c.broken")).toBeUndefined();
    const err = await store.mutate("w.c.broken", () => ({ n: 1 })).catch((e: unknown) => e);
    expect(isInvalidStoredValueError(err)).toBe(true);
  });

  it("loses no increment with 20 concurrent writers on one key", async () => {
    const key = "w.c.counter";
    const writers = 20;
    const each = 10;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: writers }, async () => {
        for (let i = 0; i < each; i++) await store.mutate(key, (cur) => ({ n: (cur?.n ?? 0) + 1 }));
      }),
    );
    const ms = performance.now() - started;
    expect((await store.get(key))?.value.n).toBe(writers * each);
    console.info(`contended mutate: ${writers * each} increments in ${Math.round(ms)} ms`);
  });

  it("answers a retried CAS write (same msg id) as a duplicate, which is what makes retries safe", async () => {
    // The store's writes rely on nats-server checking Nats-Msg-Id before the expected revision.
    const subject = `$KV.${Buckets.rows}.w.c.dedupe`;
    const opts = { msgID: "write-1", expect: { lastSubjectSequence: 0 } };
    const first = await bus.js.publish(subject, JSON.stringify({ n: 1 }), opts);
    const retry = await bus.js.publish(subject, JSON.stringify({ n: 1 }), opts);
    expect(retry).toMatchObject({ seq: first.seq, duplicate: true });
  });

  it("mutate returning undefined writes nothing", async () => {
    const first = await store.put("w.c.same", { n: 1 });
    const result = await store.mutate("w.c.same", () => undefined);
    expect(result).toEqual({ value: { n: 1 }, revision: first, changed: false });
  });

  it("watches typed changes from a revision, then live updates", async () => {
    const start = await store.put("w.d.a", { n: 1 });
    await store.put("w.d.b", { n: 2 });
    await store.delete("w.d.a");
    // History 1: the delete replaced a's PUT, so the replay holds b's PUT and a's tombstone.
    const watch = await store.watch({
      key: "w.d.>",
      resumeFromRevision: start,
      includeHistory: true,
    });
    const seen: string[] = [];
    for await (const change of watch) {
      seen.push(`${change.operation}:${change.key}:${change.value?.n ?? "-"}`);
      if (seen.length === 2) await store.put("w.d.c", { n: 3 });
      if (seen.length === 3) break;
    }
    watch.stop();
    expect(seen).toEqual(["PUT:w.d.b:2", "DEL:w.d.a:-", "PUT:w.d.c:3"]);
  });
});
