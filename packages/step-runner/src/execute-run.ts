// One delivery of a run: report `started`, execute with the step's timeout, report the
// outcome. Decides retries by the step's policy (SPEC rule 6): a retryable failure with
// attempts left keeps the cell running and comes back after its backoff.
import {
  DEFAULT_RETRY,
  DEFAULT_TIMEOUT_MS,
  ErrorCodes,
  type Output,
  type Result,
  type RunMessage,
  StepOutputSchemas,
  type Usage,
} from "@studio/contracts";
import { describeProviderError, isNotYetError } from "@studio/providers";

export interface Execution {
  output: Output;
  usage?: Usage;
}

export type Executor = (
  run: RunMessage,
  attempt: number,
  signal: AbortSignal,
) => Promise<Execution>;

/**
 * `retry`: the attempt failed and the policy allows another; `wait`: the run could not proceed
 * yet (NotYetError, e.g. another attempt's export claim is live) — the same attempt again later.
 */
export type Outcome =
  | { type: "done" }
  | { type: "retry"; delayMs: number }
  | { type: "wait"; delayMs: number };

export interface ExecuteDeps {
  execute: Executor;
  /**
   * Publishes a result; resolves once JetStream stored it. `checked`: every part was already
   * validated in this process (the run on receipt, the output against its kind's schema), so
   * the publish need not validate it again; the orchestrator validates it on receipt.
   */
  report(result: Result, msgId: string, checked?: boolean): Promise<void>;
  now(): string;
}

/** A first attempt that takes longer than this is reported as `running`. */
export const STARTED_AFTER_MS = 150;

export async function executeRun(
  deps: ExecuteDeps,
  run: RunMessage,
  attempt: number,
  shutdown: AbortSignal,
): Promise<Outcome> {
  const base = {
    runId: run.runId,
    workspaceId: run.workspaceId,
    campaignId: run.campaignId,
    prospectId: run.prospectId,
    stepId: run.stepId,
    kind: run.kind,
    attempt,
  };
  // `started` (rule 4) only for runs a user could see running: a first attempt that ends within
  // STARTED_AFTER_MS goes straight from queued to its outcome, which saves a publish, a
  // consume and a row write per cell on the hot path. A retry announces itself at once so
  // the cell shows "attempt n". Once sent, it is awaited before the outcome so that it
  // precedes it on the results stream.
  let started: Promise<void> | undefined;
  const announce = () => {
    started ??= deps.report(
      { ...base, type: "started", at: deps.now() },
      `${run.runId}:started:${attempt}`,
      true,
    );
  };
  const announceTimer = attempt > 1 ? announce() : setTimeout(announce, STARTED_AFTER_MS);
  const settleStarted = async () => {
    if (announceTimer !== undefined) clearTimeout(announceTimer);
    await started?.catch(() => undefined);
  };

  const timeoutMs = run.step.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const { signal, timedOut, dispose } = deadlineSignal(shutdown, timeoutMs);
  let failure: { code: string; message: string; retryable: boolean; retryAfterMs?: number };
  try {
    const { output, usage } = await deps.execute(run, attempt, signal).finally(dispose);
    const checked = StepOutputSchemas[run.kind].safeParse(output);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      failure = {
        code: ErrorCodes.invalidOutput,
        message: `the ${run.kind} provider returned an invalid output: ${issue?.path.join(".")} ${issue?.message}`,
        retryable: false,
      };
    } else {
      await settleStarted();
      await deps.report(
        {
          ...base,
          type: "succeeded",
          at: deps.now(),
          output,
          ...(usage === undefined ? {} : { usage }),
        },
        `${run.runId}:succeeded`,
        // A provider's usage figures were not checked here: then the publish validates them.
        usage === undefined,
      );
      return { type: "done" };
    }
  } catch (err) {
    if (shutdown.aborted) {
      // Handing the run back to another replica is not a failure of the run.
      await settleStarted();
      return { type: "retry", delayMs: 0 };
    }
    if (isNotYetError(err)) {
      // Nothing failed: the cell stays as it is until the same attempt looks again.
      await settleStarted();
      return { type: "wait", delayMs: err.retryAfterMs };
    }
    if (timedOut()) {
      failure = {
        code: ErrorCodes.timeout,
        message: `the step took longer than ${timeoutMs} ms`,
        retryable: true,
      };
    } else {
      const described = describeProviderError(err);
      failure = {
        ...described.error,
        ...(described.retryAfterMs === undefined ? {} : { retryAfterMs: described.retryAfterMs }),
      };
    }
  }

  const policy = run.step.retry ?? DEFAULT_RETRY;
  const willRetry = failure.retryable && attempt < policy.maxAttempts;
  const backoff = policy.backoffMs[Math.min(attempt - 1, policy.backoffMs.length - 1)] ?? 1_000;
  const delayMs = failure.retryAfterMs ?? backoff;
  await settleStarted();
  await deps.report(
    {
      ...base,
      type: "failed",
      at: deps.now(),
      error: { code: failure.code, message: failure.message, retryable: failure.retryable },
      willRetry,
      ...(willRetry ? { retryInMs: delayMs } : {}),
    },
    `${run.runId}:failed:${attempt}`,
  );
  return willRetry ? { type: "retry", delayMs } : { type: "done" };
}

/**
 * The step's deadline joined with the shutdown signal: one controller and one timer per run.
 * (`AbortSignal.any` + `AbortSignal.timeout` cost ~6% of a busy worker's CPU on Node 20.)
 */
function deadlineSignal(
  shutdown: AbortSignal,
  timeoutMs: number,
): { signal: AbortSignal; timedOut(): boolean; dispose(): void } {
  const controller = new AbortController();
  let expired = false;
  const onShutdown = () => controller.abort(shutdown.reason);
  const timer = setTimeout(() => {
    expired = true;
    controller.abort(new DOMException(`the step took longer than ${timeoutMs} ms`, "TimeoutError"));
  }, timeoutMs);
  if (shutdown.aborted) onShutdown();
  else shutdown.addEventListener("abort", onShutdown, { once: true });
  return {
    signal: controller.signal,
    timedOut: () => expired,
    dispose() {
      clearTimeout(timer);
      shutdown.removeEventListener("abort", onShutdown);
    },
  };
}
