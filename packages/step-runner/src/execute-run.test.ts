import type { Result } from "@studio/contracts";
import { NotYetError, RetryableProviderError } from "@studio/providers";
import { describe, expect, it } from "vitest";
import { type Executor, executeRun, STARTED_AFTER_MS } from "./execute-run";
import { contentOutput, contentRun } from "./test-fixtures";

const run = contentRun();
const output = contentOutput;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function execute(fn: Executor, attempt = 1) {
  const reported: Result[] = [];
  const outcome = await executeRun(
    {
      execute: fn,
      now: () => "2026-11-25T00:00:01.000Z",
      async report(result) {
        reported.push(result);
      },
    },
    run,
    attempt,
    new AbortController().signal,
  );
  return { outcome, types: reported.map((r) => r.type), reported };
}

describe("executeRun", () => {
  it("a quick first attempt goes from queued straight to its outcome", async () => {
    const { outcome, types } = await execute(async () => ({ output }));
    expect(outcome).toEqual({ type: "done" });
    expect(types).toEqual(["succeeded"]);
  });

  it("a slow run is reported running before it succeeds", async () => {
    const { types } = await execute(async () => {
      await sleep(STARTED_AFTER_MS + 100);
      return { output };
    });
    expect(types).toEqual(["started", "succeeded"]);
  });

  it("a retry announces its attempt at once", async () => {
    const { types, reported } = await execute(async () => ({ output }), 2);
    expect(types).toEqual(["started", "succeeded"]);
    expect(reported[0]?.attempt).toBe(2);
  });

  it("a retryable failure with attempts left comes back after the step's backoff", async () => {
    const { outcome, reported } = await execute(async () => {
      throw new RetryableProviderError("provider_error", "upstream 503");
    });
    expect(outcome).toEqual({ type: "retry", delayMs: 500 });
    expect(reported.at(-1)).toMatchObject({ type: "failed", willRetry: true, retryInMs: 500 });
  });

  it("Retry-After from the provider wins over the backoff", async () => {
    const { outcome } = await execute(async () => {
      throw new RetryableProviderError("provider_rate_limited", "slow down", 7_000);
    });
    expect(outcome).toEqual({ type: "retry", delayMs: 7_000 });
  });

  it("the last attempt fails for good with the provider's message", async () => {
    const { outcome, reported } = await execute(async () => {
      throw new RetryableProviderError("provider_error", "upstream 503");
    }, 3);
    expect(outcome).toEqual({ type: "done" });
    expect(reported.at(-1)).toMatchObject({
      type: "failed",
      willRetry: false,
      error: { code: "provider_error", message: "upstream 503", retryable: true },
    });
  });

  it("an output that breaks its kind's schema is a permanent failure", async () => {
    const { reported } = await execute(async () => ({ output: { channel: "email" } }));
    expect(reported.at(-1)).toMatchObject({
      type: "failed",
      willRetry: false,
      error: { code: "invalid_output" },
    });
  });

  it("a run past the step's timeout fails as a retryable timeout", async () => {
    const { reported } = await execute(
      (_run, _attempt, signal) =>
        new Promise((_, reject) => signal.addEventListener("abort", () => reject(signal.reason))),
    );
    expect(reported.at(-1)).toMatchObject({
      type: "failed",
      willRetry: true,
      error: { code: "timeout" },
    });
  });
  it("a run that cannot proceed yet reports nothing and waits as the same attempt", async () => {
    const { outcome, types } = await execute(async () => {
      throw new NotYetError("another attempt holds the claim", 300);
    });
    expect(outcome).toEqual({ type: "wait", delayMs: 300 });
    expect(types).toEqual([]);
  });
});
