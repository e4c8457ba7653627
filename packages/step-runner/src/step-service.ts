// A step service: the worker harness of @studio/bus running `executeRun` for one kind.
import {
  type Bus,
  createBatchPublisher,
  InvalidPayloadError,
  RetryableError,
  startWorker,
  validate,
  type Worker,
} from "@studio/bus";
import {
  type Result,
  ResultSchema,
  RunMessageSchema,
  type StepKind,
  Subjects,
} from "@studio/contracts";
import type { Logger } from "@studio/runtime";
import { type Executor, executeRun } from "./execute-run";

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
  const worker = startWorker({
    bus,
    kind,
    schema: RunMessageSchema,
    concurrency: options.concurrency ?? 64,
    log,
    async handler(run, ctx) {
      const outcome = await executeRun(deps, run, ctx.attempt, ctx.signal);
      log.debug(
        {
          runId: run.runId,
          cell: `${run.prospectId}/${run.stepId}`,
          attempt: ctx.attempt,
          outcome: outcome.type,
        },
        "run handled",
      );
      if (outcome.type === "retry") {
        throw new RetryableError("retry after backoff", { retryAfterMs: outcome.delayMs });
      }
    },
  });
  log.info({ kind }, "step service consuming runs");
  return {
    get inFlight() {
      return worker.inFlight;
    },
    async stop() {
      await worker.stop();
      await publisher.flush();
    },
  };
}
