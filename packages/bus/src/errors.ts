// One error class per bus failure, each with a stable `code`, its `cause` kept and an `isXxx` guard.

export const BusErrorCodes = {
  timeout: "bus_timeout",
  invalidPayload: "bus_invalid_payload",
  revisionMismatch: "bus_revision_mismatch",
  conflict: "bus_conflict",
  invalidStoredValue: "bus_invalid_stored_value",
  provision: "bus_provision_failed",
  retryable: "bus_retryable",
  permanent: "bus_permanent",
  shutdown: "bus_shutdown",
  handlerTimeout: "bus_handler_timeout",
} as const;
export type BusErrorCode = (typeof BusErrorCodes)[keyof typeof BusErrorCodes];

/** A validation problem, reduced to what a log line needs. */
export interface IssueSummary {
  path: string;
  message: string;
}

export abstract class BusError extends Error {
  abstract readonly code: BusErrorCode;
}

/** An operation kept failing with transient errors (timeouts, disconnects, 503) past its deadline. */
export class BusTimeoutError extends BusError {
  readonly code = BusErrorCodes.timeout;
  override name = "BusTimeoutError";
  constructor(
    readonly operation: string,
    readonly attempts: number,
    options?: ErrorOptions,
  ) {
    super(`${operation}: still failing after ${attempts} attempts`, options);
  }
}

/** A payload did not pass its schema before publishing: a programming error, never retried. */
export class InvalidPayloadError extends BusError {
  readonly code = BusErrorCodes.invalidPayload;
  override name = "InvalidPayloadError";
  constructor(
    readonly subject: string,
    readonly issue: IssueSummary,
    options?: ErrorOptions,
  ) {
    super(`invalid payload for ${subject}: ${issue.path} ${issue.message}`, options);
  }
}

/** A compare-and-set write found another revision than the one it was based on. */
export class RevisionMismatchError extends BusError {
  readonly code = BusErrorCodes.revisionMismatch;
  override name = "RevisionMismatchError";
  constructor(
    readonly key: string,
    readonly expectedRevision: number,
    options?: ErrorOptions,
  ) {
    super(`key ${key} is no longer at revision ${expectedRevision}`, options);
  }
}

/** `mutate` lost the compare-and-set race more times than it was allowed to retry. */
export class ConflictError extends BusError {
  readonly code = BusErrorCodes.conflict;
  override name = "ConflictError";
  constructor(
    readonly key: string,
    readonly attempts: number,
    options?: ErrorOptions,
  ) {
    super(`key ${key}: compare-and-set lost ${attempts} times`, options);
  }
}

/** A stored value no longer matches its schema; writes based on it would be guesses. */
export class InvalidStoredValueError extends BusError {
  readonly code = BusErrorCodes.invalidStoredValue;
  override name = "InvalidStoredValueError";
  constructor(
    readonly bucket: string,
    readonly key: string,
    readonly issue: IssueSummary,
    options?: ErrorOptions,
  ) {
    super(`${bucket}/${key} holds an invalid value: ${issue.path} ${issue.message}`, options);
  }
}

/** A stream, consumer or bucket exists with a configuration that cannot be updated in place. */
export class ProvisionError extends BusError {
  readonly code = BusErrorCodes.provision;
  override name = "ProvisionError";
  constructor(
    readonly resource: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(`${resource}: ${message}`, options);
  }
}

/** Thrown by a worker handler: try again later (`nak` with a delay), the work is still wanted. */
export class RetryableError extends BusError {
  readonly code = BusErrorCodes.retryable;
  override name = "RetryableError";
  readonly retryAfterMs: number | undefined;
  constructor(message: string, options?: ErrorOptions & { retryAfterMs?: number }) {
    super(message, options);
    this.retryAfterMs = options?.retryAfterMs;
  }
}

/** Thrown by a worker handler: retrying cannot help, the message is terminated (`term`). */
export class PermanentError extends BusError {
  readonly code = BusErrorCodes.permanent;
  override name = "PermanentError";
}

/** The reason of a handler's AbortSignal when its worker is stopping. */
export class ShutdownError extends BusError {
  readonly code = BusErrorCodes.shutdown;
  override name = "ShutdownError";
  constructor() {
    super("worker is shutting down");
  }
}

/** The reason of a handler's AbortSignal when it ran past the worker's handler timeout. */
export class HandlerTimeoutError extends BusError {
  readonly code = BusErrorCodes.handlerTimeout;
  override name = "HandlerTimeoutError";
  constructor(readonly timeoutMs: number) {
    super(`handler ran longer than ${timeoutMs} ms`);
  }
}

// Guards compare codes, not prototypes, so they hold across duplicated module copies.
function hasCode(err: unknown, code: BusErrorCode): boolean {
  return (
    typeof err === "object" &&
    err !== null &&
    "code" in err &&
    (err as { code: unknown }).code === code
  );
}

export const isBusError = (err: unknown): err is BusError =>
  err instanceof BusError || Object.values(BusErrorCodes).some((code) => hasCode(err, code));
export const isBusTimeoutError = (err: unknown): err is BusTimeoutError =>
  hasCode(err, BusErrorCodes.timeout);
export const isInvalidPayloadError = (err: unknown): err is InvalidPayloadError =>
  hasCode(err, BusErrorCodes.invalidPayload);
export const isRevisionMismatchError = (err: unknown): err is RevisionMismatchError =>
  hasCode(err, BusErrorCodes.revisionMismatch);
export const isConflictError = (err: unknown): err is ConflictError =>
  hasCode(err, BusErrorCodes.conflict);
export const isInvalidStoredValueError = (err: unknown): err is InvalidStoredValueError =>
  hasCode(err, BusErrorCodes.invalidStoredValue);
export const isProvisionError = (err: unknown): err is ProvisionError =>
  hasCode(err, BusErrorCodes.provision);
export const isRetryableError = (err: unknown): err is RetryableError =>
  hasCode(err, BusErrorCodes.retryable);
export const isPermanentError = (err: unknown): err is PermanentError =>
  hasCode(err, BusErrorCodes.permanent);
export const isShutdownError = (err: unknown): err is ShutdownError =>
  hasCode(err, BusErrorCodes.shutdown);
export const isHandlerTimeoutError = (err: unknown): err is HandlerTimeoutError =>
  hasCode(err, BusErrorCodes.handlerTimeout);
