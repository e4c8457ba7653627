import { Consumers, Streams, Subjects } from "@studio/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type NatsServer, startNatsServer } from "../../../test/support/nats-server";
import { type Job, JobSchema } from "../../../test/support/schemas";
import { type Bus, connectBus } from "./connect";
import { PermanentError, RetryableError } from "./errors";
import { silentLogger } from "./logger";
import { provisionBus } from "./provision";
import { publishJson } from "./publish";
import { startWorker, type Worker } from "./worker";

async function until(check: () => boolean, timeoutMs = 6000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("startWorker", () => {
  let server: NatsServer;
  let bus: Bus;
  let worker: Worker;
  const calls: Array<{ id: string; attempt: number; at: number }> = [];
  const done = new Set<string>();

  beforeAll(async () => {
    server = await startNatsServer({ jetstream: true });
    bus = await connectBus({ servers: server.url, name: "worker-test" });
    await provisionBus(bus, { ackWaitMs: 1500 });
    worker = startWorker({
      bus,
      kind: "insight",
      schema: JobSchema,
      concurrency: 4,
      workingIntervalMs: 300,
      log: silentLogger,
      handler: async (job: Job, ctx) => {
        calls.push({ id: job.id, attempt: ctx.attempt, at: Date.now() });
        if (job.mode === "retry" && ctx.attempt === 1)
          throw new RetryableError("rate limited", { retryAfterMs: 300 });
        if (job.mode === "permanent") throw new PermanentError("bad input");
        if (job.mode === "throw" && ctx.attempt === 1) throw new Error("bug");
        if (job.mode === "slow") await new Promise((r) => setTimeout(r, 2500));
        done.add(job.id);
      },
    });
  });
  afterAll(async () => {
    await worker?.stop();
    await bus?.close();
    await server?.stop();
  });

  const publish = (job: Job) =>
    publishJson(bus, Subjects.run("insight"), JobSchema, job, { msgId: job.id });
  const attemptsOf = (id: string) => calls.filter((c) => c.id === id).map((c) => c.attempt);

  it("acks a run whose handler returns", async () => {
    await publish({ id: "ok-1", mode: "ok" });
    await until(() => done.has("ok-1"));
    await new Promise((r) => setTimeout(r, 100));
    expect(attemptsOf("ok-1")).toEqual([1]);
  });

  it("redelivers after the requested delay on RetryableError", async () => {
    await publish({ id: "retry-1", mode: "retry" });
    await until(() => done.has("retry-1"));
    const [first, second] = calls.filter((c) => c.id === "retry-1");
    expect(attemptsOf("retry-1")).toEqual([1, 2]);
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(250);
  });

  it("terminates a run on PermanentError: never delivered again", async () => {
    await publish({ id: "perm-1", mode: "permanent" });
    await until(() => attemptsOf("perm-1").length === 1);
    await new Promise((r) => setTimeout(r, 1800));
    expect(attemptsOf("perm-1")).toEqual([1]);
  });

  it("redelivers a run whose handler throws an unknown error", async () => {
    await publish({ id: "throw-1", mode: "throw" });
    await until(() => done.has("throw-1"));
    expect(attemptsOf("throw-1")).toEqual([1, 2]);
  });

  it("keeps a run longer than ack_wait alive with working()", async () => {
    await publish({ id: "slow-1", mode: "slow" });
    await until(() => done.has("slow-1"));
    await new Promise((r) => setTimeout(r, 200));
    expect(attemptsOf("slow-1")).toEqual([1]);
    const info = await bus.jsm.consumers.info(Streams.runs, Consumers.worker("insight"));
    expect(info.num_ack_pending).toBe(0);
    expect(info.num_pending).toBe(0);
  });

  it("terminates a malformed run without calling the handler", async () => {
    const before = calls.length;
    await bus.js.publish(Subjects.run("insight"), JSON.stringify({ id: "", mode: "ok" }), {
      msgID: "malformed",
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(calls.length).toBe(before);
    const info = await bus.jsm.consumers.info(Streams.runs, Consumers.worker("insight"));
    expect(info.num_ack_pending).toBe(0);
  });
});

describe("workingIntervalFor", () => {
  it("extends three times per ack wait, between 100 ms and 10 s", async () => {
    const { workingIntervalFor } = await import("./worker");
    expect(workingIntervalFor(8_000)).toBe(2_666);
    expect(workingIntervalFor(30_000)).toBe(10_000);
    expect(workingIntervalFor(120_000)).toBe(10_000);
    expect(workingIntervalFor(90)).toBe(100);
  });
});
