// Retry on transient NATS failures (timeout, disconnect, no responders / 503) with capped backoff.
// Why: after a server crash, requests in flight fail only at their timeout and JetStream answers
// 503 while it recovers; every caller here is made safe to repeat (msg ids, compare-and-set).
import { JetStreamApiError } from "@nats-io/jetstream";
import { NoRespondersError, RequestError, TimeoutError } from "@nats-io/transport-node";
import { BusTimeoutError } from "./errors";
import { type BusLogger, errorFields } from "./logger";

export interface RetryOptions {
  /** Stop retrying after this long (ms) and throw BusTimeoutError. */
  deadlineMs?: number;
  /** Stop at once when this says so (e.g. the connection was closed on purpose). */
  isClosed?: () => boolean;
  log?: BusLogger;
  signal?: AbortSignal;
}

const DEFAULT_DEADLINE_MS = 30_000;
const BACKOFF_MS = [25, 50, 100, 200, 400, 800, 1000] as const;

export function isTransientError(err: unknown): boolean {
  if (err instanceof TimeoutError || err instanceof NoRespondersError) return true;
  // "connection disconnected" and no-responders surface as RequestError; closed is final.
  if (err instanceof RequestError) return !/connection closed/i.test(err.message);
  if (err instanceof JetStreamApiError) return err.status === 503;
  // Wrappers such as JetStreamNotEnabled (no responders right after a restart) keep the cause.
  if (err instanceof Error && err.cause !== undefined && err.cause !== err) {
    return isTransientError(err.cause);
  }
  return false;
}

/** Backoff for attempt n (0-based): doubling to a 1 s cap, with jitter so replicas spread out. */
export function backoffMs(attempt: number): number {
  const base = BACKOFF_MS[Math.min(attempt, BACKOFF_MS.length - 1)] ?? 1000;
  return Math.round(base * (0.75 + Math.random() * 0.5));
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function withRetry<T>(
  operation: string,
  fn: (attempt: number) => Promise<T>,
  options: RetryOptions = {},
): Promise<T> {
  const deadline = Date.now() + (options.deadlineMs ?? DEFAULT_DEADLINE_MS);
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (err) {
      const stop = options.isClosed?.() === true || options.signal?.aborted === true;
      if (!isTransientError(err) || stop) throw err;
      if (Date.now() >= deadline) {
        throw new BusTimeoutError(operation, attempt + 1, { cause: err });
      }
      options.log?.debug(
        { operation, attempt, ...errorFields(err) },
        "transient bus error, retrying",
      );
      await sleep(backoffMs(attempt));
    }
  }
}
