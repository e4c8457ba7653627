// Provider and target failures. Whether a run is retried is decided by the error's type, so
// workers never parse messages or status codes (CONVENTIONS "retry behaviour lives in the error").
import { type CellError, type ErrorCode, ErrorCodes } from "@studio/contracts";

export type RetryableCode =
  | typeof ErrorCodes.timeout
  | typeof ErrorCodes.providerError
  | typeof ErrorCodes.providerRateLimited
  | typeof ErrorCodes.targetError;

export type PermanentCode =
  | typeof ErrorCodes.providerError
  | typeof ErrorCodes.invalidOutput
  | typeof ErrorCodes.targetError
  | typeof ErrorCodes.targetGone;

/** What a request we stopped waiting for finally answered: its delivery, or undefined if none. */
export type LateOutcome = Promise<{ externalId?: string } | undefined>;

/** A failure that may pass if the run is tried again later (5xx, 429, timeouts, network). */
export class RetryableProviderError extends Error {
  override readonly name = "RetryableProviderError";
  readonly retryable = true;
  /**
   * Set on a target's timeout when the request is still listened to for a while: a late 2xx
   * means the payload was delivered after all, so the delivery ledger must not send it again.
   */
  lateOutcome?: LateOutcome;
  constructor(
    readonly code: RetryableCode,
    message: string,
    /** How long the other side asked us to wait; the harness' backoff yields to it (rule 6). */
    readonly retryAfterMs?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A failure that trying again cannot fix (bad request, bad output, missing secret, 410). */
export class PermanentProviderError extends Error {
  override readonly name = "PermanentProviderError";
  readonly retryable = false;
  constructor(
    readonly code: PermanentCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * Not a failure: the run cannot proceed yet because another attempt is settling the same effect
 * (its export claim is live). Tried again after `retryAfterMs` as the same attempt, holding no
 * slot meanwhile: waiting for someone else's outcome must not use up this run's attempts.
 */
export class NotYetError extends Error {
  override readonly name = "NotYetError";
  readonly code = "not_yet";
  constructor(
    message: string,
    readonly retryAfterMs: number,
  ) {
    super(message);
  }
}

export function isNotYetError(err: unknown): err is NotYetError {
  return err instanceof NotYetError;
}

export type ProviderError = RetryableProviderError | PermanentProviderError;

export function isRetryableProviderError(err: unknown): err is RetryableProviderError {
  return err instanceof RetryableProviderError;
}

export function isPermanentProviderError(err: unknown): err is PermanentProviderError {
  return err instanceof PermanentProviderError;
}

export function isProviderError(err: unknown): err is ProviderError {
  return isRetryableProviderError(err) || isPermanentProviderError(err);
}

/** True for the rejection of an aborted operation (our own or fetch's/the SDK's). */
export function isAbortError(err: unknown): boolean {
  return err instanceof Error && (err.name === "AbortError" || err.name === "APIUserAbortError");
}

/** The error an operation rejects with when its caller's signal aborts. */
export function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error && reason.name === "AbortError") return reason;
  return new DOMException("the operation was aborted", "AbortError");
}

/**
 * What a worker reports for any error a provider call threw: provider errors keep their code;
 * an abort is `canceled`; anything else is a bug of ours, reported as permanent `internal`
 * because retrying a bug only burns attempts.
 */
export function describeProviderError(err: unknown): {
  error: CellError;
  retryAfterMs?: number;
} {
  if (isRetryableProviderError(err)) {
    const error: CellError = { code: err.code, message: err.message, retryable: true };
    return err.retryAfterMs === undefined ? { error } : { error, retryAfterMs: err.retryAfterMs };
  }
  if (isPermanentProviderError(err)) {
    return { error: { code: err.code, message: err.message, retryable: false } };
  }
  const code: ErrorCode = isAbortError(err) ? ErrorCodes.canceled : ErrorCodes.internal;
  const message = err instanceof Error ? err.message : String(err);
  return { error: { code, message: message.slice(0, 2_000), retryable: false } };
}
