import type { DisabledTarget, LedgerEntry, RunMessage } from "@studio/contracts";
import {
  type ExportTarget,
  isNotYetError,
  NotYetError,
  PermanentProviderError,
  RetryableProviderError,
} from "@studio/providers";
import { describe, expect, it } from "vitest";
import { type DeliverOnceDeps, deliverOnce } from "./deliver-once";

class Conflict extends Error {}

function memoryDeps(): DeliverOnceDeps & {
  entries: Map<string, LedgerEntry>;
  late: Promise<unknown>[];
} {
  const entries = new Map<string, LedgerEntry>();
  const revs = new Map<string, number>();
  const gone = new Map<string, DisabledTarget>();
  const late: Promise<unknown>[] = [];
  return {
    entries,
    late,
    ledger: {
      async get(key) {
        const value = entries.get(key);
        return value === undefined ? undefined : { value, revision: revs.get(key) ?? 0 };
      },
      async create(key, value) {
        if (entries.has(key)) throw new Conflict();
        entries.set(key, value);
        revs.set(key, 1);
        return 1;
      },
      async update(key, value, revision) {
        if ((revs.get(key) ?? 0) !== revision) throw new Conflict();
        entries.set(key, value);
        revs.set(key, revision + 1);
        return revision + 1;
      },
    },
    disabled: {
      async get(key) {
        const value = gone.get(key);
        return value === undefined ? undefined : { value };
      },
      async put(key, value) {
        gone.set(key, value);
        return 1;
      },
    },
    isConflict: (err) => err instanceof Conflict,
    now: () => new Date().toISOString(),
    attemptMs: () => 1_000,
    recheckMs: 10,
    track: (work) => late.push(work),
  };
}

const run = (runId = "r1"): RunMessage =>
  ({
    runId,
    workspaceId: "ws",
    campaignId: "c",
    prospectId: "p",
    stepId: "hook",
    kind: "export",
    step: { id: "hook", name: "Hook", kind: "export", needs: [], autoRun: true, config: {} },
    inputs: { prospect: { id: "p" }, upstream: {} },
    inputHash: "h",
    idempotencyKey: "key-1",
    trigger: "auto",
    queuedAt: new Date().toISOString(),
  }) as unknown as RunMessage;

function target(answers: Array<() => Promise<{ externalId?: string }>>) {
  let calls = 0;
  const t: ExportTarget & { calls: () => number } = {
    type: "webhook",
    identity: "webhook:http://x/hooks",
    calls: () => calls,
    deliver: () => {
      const answer = answers[Math.min(calls, answers.length - 1)]!;
      calls++;
      return answer();
    },
  };
  return t;
}

const never = new AbortController().signal;

/** What the step service does with NotYetError: the same attempt again after its wait. */
async function settled(fn: () => Promise<{ externalId?: string }>) {
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      if (!isNotYetError(err)) throw err;
      await new Promise((r) => setTimeout(r, err.retryAfterMs));
    }
  }
}

describe("deliverOnce", () => {
  it("a late 2xx after our timeout marks the key delivered: the retry sends nothing", async () => {
    const deps = memoryDeps();
    const t = target([
      async () => {
        const err = new RetryableProviderError("timeout", "did not answer within 1000 ms");
        err.lateOutcome = new Promise((r) => setTimeout(() => r({ externalId: "x1" }), 20));
        throw err;
      },
      async () => ({}),
    ]);
    await expect(deliverOnce(deps, run(), t, never)).rejects.toThrow(/did not answer/);
    // The retry is handed back while the claim is live, then finds the late delivery recorded.
    const out = await settled(() => deliverOnce(deps, run(), t, never));
    expect(out.externalId).toBe("x1");
    expect(t.calls()).toBe(1);
  });

  it("a timeout with no late answer releases the key, and the retry sends again", async () => {
    const deps = memoryDeps();
    const t = target([
      async () => {
        const err = new RetryableProviderError("timeout", "did not answer within 1000 ms");
        err.lateOutcome = Promise.resolve(undefined);
        throw err;
      },
      async () => ({}),
    ]);
    await expect(deliverOnce(deps, run(), t, never)).rejects.toThrow();
    await Promise.all(deps.late);
    expect(deps.entries.get("key-1")?.state).toBe("released");
    await deliverOnce(deps, run(), t, never);
    expect(t.calls()).toBe(2);
  });

  it("never delivers over another attempt's live claim (a redelivery of the same run waits)", async () => {
    const deps = memoryDeps();
    let finish: (v: { externalId?: string }) => void = () => undefined;
    const t = target([
      () => new Promise((r) => (finish = r)),
      async () => ({ externalId: "second" }),
    ]);
    const first = deliverOnce(deps, run(), t, never);
    await new Promise((r) => setTimeout(r, 20));
    const second = settled(() => deliverOnce(deps, run(), t, never));
    await new Promise((r) => setTimeout(r, 50));
    finish({ externalId: "first" });
    expect((await first).externalId).toBe("first");
    expect((await second).externalId).toBe("first");
    expect(t.calls()).toBe(1);
  });

  it("another attempt's live claim hands this one back (NotYetError), sending nothing", async () => {
    const deps = memoryDeps();
    const t = target([() => new Promise(() => undefined)]);
    void deliverOnce(deps, run(), t, never);
    await new Promise((r) => setTimeout(r, 20));
    const err = await deliverOnce(deps, run(), t, never).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotYetError);
    expect((err as NotYetError).retryAfterMs).toBeGreaterThan(0);
    expect((err as NotYetError).retryAfterMs).toBeLessThanOrEqual(10);
    expect(t.calls()).toBe(1);
  });

  it("a 5xx answer releases the key at once", async () => {
    const deps = memoryDeps();
    const t = target([
      async () => {
        throw new RetryableProviderError("target_error", "answered 500");
      },
    ]);
    await expect(deliverOnce(deps, run(), t, never)).rejects.toThrow(/500/);
    expect(deps.entries.get("key-1")?.state).toBe("released");
  });

  it("410 disables the target: later payloads to it fail without being sent", async () => {
    const deps = memoryDeps();
    const t = target([
      async () => {
        throw new PermanentProviderError("target_gone", "answered 410 Gone");
      },
    ]);
    await expect(deliverOnce(deps, run(), t, never)).rejects.toThrow(/410/);
    const other = { ...run("r2"), idempotencyKey: "key-2" };
    await expect(deliverOnce(deps, other, t, never)).rejects.toThrow(/disabled since .*410/);
    expect(t.calls()).toBe(1);
  });
});
