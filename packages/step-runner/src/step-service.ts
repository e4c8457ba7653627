// A step service: the worker harness of @studio/bus running `executeRun` for one kind. A run
// message may carry a batch of runs; each run is retried in process after its backoff.

import { setMaxListeners } from "node:events";
import { setTimeout as delay } from "node:timers/promises";
import {
  type Bus,
  createBatchPublisher,
  createLimiter,
  InvalidPayloadError,
  startWorker,
  validate,
  type Worker,
} from "@studio/bus";
import {
  type Result,
  ResultSchema,
  type RunMessage,
  RunPayloadSchema,
  runsIn,
  type StepKind,
  Subjects,
} from "@studio/contracts";
import type { Logger } from "@studio/runtime";
import { type Executor, executeRun, type Outcome } from "./execute-run";

export interface StepServiceOptions {
  bus: Bus;
  kind: StepKind;
  execute: Executor;
  log: Logger;
  /** Runs in flight at once in this process. */
  concurrency?: number;
}

export function startStepService(options: StepServiceOptions): Worker {
  const { bus, kind, log } = options;
  // Results that are ready together travel as one message (ResultBatchSchema).
  const publisher = createBatchPublisher(bus, { field: "results" });
  const deps = {
    execute: options.execute,
    now: () => new Date().toISOString(),
    async report(result: Result, msgId: string, checked?: boolean) {
      const subject = Subjects.result(result.workspaceId, result.campaignId);
      // Validated before it leaves the process, unless executeRun built it only from parts it
      // already validated (the orchestrator validates every result anyway).
      if (checked !== true) {
        const valid = validate(ResultSchema, result);
        if (!valid.ok) throw new InvalidPayloadError(subject, valid.issue);
      }
      await publisher.publish(subject, result, msgId);
    },
  };
  // Runs are bounded here, not per message: one message may carry many runs. `runSlots` bounds
  // the runs executing; the backlog (runs received and waiting for a slot) bounds what the
  // worker pulls ahead, so it never hoards runs another replica could take. A run waiting for
  // its next attempt is in neither: a failing target does not stop the others.
  const concurrency = options.concurrency ?? 64;
  const runSlots = createLimiter(concurrency);
  // A pull takes ~1 ms: a small backlog keeps the slots busy, and a crash gives back little.
  const backlog = createBacklog(Math.max(8, Math.floor(concurrency / 4)));

  async function runToEnd(run: RunMessage, firstAttempt: number, signal: AbortSignal) {
    let attempt = firstAttempt;
    for (let tries = 0; ; tries++) {
      if (tries > 0) backlog.add(1);
      await runSlots.acquire();
      backlog.remove(1);
      let outcome: Outcome;
      try {
        if (signal.aborted) throw signal.reason;
        outcome = await executeRun(deps, run, attempt, signal);
      } finally {
        runSlots.release();
      }
      log.debug(
        {
          runId: run.runId,
          cell: `${run.prospectId}/${run.stepId}`,
          attempt,
          outcome: outcome.type,
        },
        "run handled",
      );
      if (outcome.type === "done") return;
      if (signal.aborted) throw signal.reason;
      if (outcome.type === "retry") {
        log.info(
          { runId: run.runId, attempt, delayMs: outcome.delayMs },
          "run will be retried after its backoff",
        );
        attempt++;
      }
      // The next try waits holding nothing but its message, which the worker harness keeps
      // alive; on shutdown the message goes back to another replica.
      await delay(outcome.delayMs, undefined, { signal }).catch(() => undefined);
    }
  }

  const worker = startWorker({
    bus,
    kind,
    schema: RunPayloadSchema,
    // Messages held at once (each waits for its runs); the backlog is the real bound.
    concurrency: 1024,
    maxBuffered: 1,
    async admit(payload) {
      await backlog.admit(runsIn(payload).length);
    },
    log,
    async handler(payload, ctx) {
      const runs = runsIn(payload);
      // Every run of a batch listens on the message's signal: not a listener leak.
      setMaxListeners(runs.length + 10, ctx.signal);
      await Promise.all(runs.map((run) => runToEnd(run, ctx.attempt, ctx.signal)));
    },
  });
  log.info({ kind }, "step service consuming runs");
  return {
    get inFlight() {
      return runSlots.active;
    },
    async stop() {
      await worker.stop();
      await publisher.flush();
    },
  };
}

/** Runs received and not yet executing: `admit` waits while there are `limit` or more. */
function createBacklog(limit: number) {
  let size = 0;
  const waiters: Array<() => void> = [];
  return {
    async admit(n: number): Promise<void> {
      while (size >= limit) await new Promise<void>((resolve) => waiters.push(resolve));
      size += n;
    },
    add(n: number): void {
      size += n;
    },
    remove(n: number): void {
      size -= n;
      if (size < limit) for (const wake of waiters.splice(0)) wake();
    },
  };
}
