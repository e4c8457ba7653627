import { type Bus, connectBus, provisionBus, publishJson } from "@studio/bus";
import {
  Consumers,
  type Result,
  ResultMessageSchema,
  RunPayloadSchema,
  resultsIn,
  Streams,
  Subjects,
} from "@studio/contracts";
import { RetryableProviderError } from "@studio/providers";
import { createLogger } from "@studio/runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type NatsServer, startNatsServer } from "../../../test/support/nats-server";
import { startStepService } from "./step-service";
import { contentOutput, contentRun } from "./test-fixtures";

const output = contentOutput;
const runOf = (i: number) =>
  contentRun(
    { runId: `r_batch_${i}`, prospectId: `p${i}` },
    { retry: { maxAttempts: 3, backoffMs: [200] }, timeoutMs: 2_000 },
  );

describe("startStepService with batched runs", () => {
  let server: NatsServer;
  let bus: Bus;
  beforeAll(async () => {
    server = await startNatsServer({ jetstream: true });
    bus = await connectBus({ servers: server.url, name: "step-service-test" });
    await provisionBus(bus);
  });
  afterAll(async () => {
    await bus?.close();
    await server?.stop();
  });

  it("runs each run of a batch once, retries only the failing one in process, then acks", async () => {
    const calls = new Map<string, number[]>();
    const results: Result[] = [];
    const sub = bus.nc.subscribe(Subjects.resultsAll, {
      callback: (_err, msg) => {
        const parsed = ResultMessageSchema.safeParse(msg.json());
        if (parsed.success) results.push(...resultsIn(parsed.data));
      },
    });
    const service = startStepService({
      bus,
      kind: "content",
      log: createLogger("content", "silent"),
      concurrency: 4,
      async execute(run, attempt) {
        calls.set(run.runId, [...(calls.get(run.runId) ?? []), attempt]);
        // p1 fails retryably on its first attempt; everything else succeeds at once.
        if (run.prospectId === "p1" && attempt === 1)
          throw new RetryableProviderError("provider_error", "busy, try again");
        return { output };
      },
    });
    const runs = Array.from({ length: 10 }, (_, i) => runOf(i));
    await publishJson(bus, Subjects.run("content"), RunPayloadSchema, { runs }, { msgId: "b1" });

    const deadline = Date.now() + 10_000;
    while (results.filter((r) => r.type === "succeeded").length < runs.length) {
      if (Date.now() > deadline) throw new Error("not every run succeeded");
      await new Promise((r) => setTimeout(r, 20));
    }
    await service.stop();
    sub.unsubscribe();

    // The batch's other runs were not re-run while p1 waited for its second attempt.
    expect([...calls.entries()].sort()).toEqual(
      runs.map((r) => [r.runId, r.prospectId === "p1" ? [1, 2] : [1]]).sort(),
    );
    const p1 = results.filter((r) => r.runId === "r_batch_1").map((r) => [r.type, r.attempt]);
    expect(p1).toEqual([
      ["failed", 1],
      ["started", 2],
      ["succeeded", 2],
    ]);
    // The message was acked once every run in it had its outcome: nothing pending, nothing
    // coming back.
    const info = await bus.jsm.consumers.info(Streams.runs, Consumers.worker("content"));
    expect(info.num_ack_pending).toBe(0);
    expect(info.num_redelivered).toBe(0);
  });
});
