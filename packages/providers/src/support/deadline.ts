// A caller's signal combined with our own timeout, so a call can tell "we gave up waiting"
// (retryable timeout) from "the caller canceled" (not an error of the provider).

export interface Deadline {
  signal: AbortSignal;
  /** True when our timeout fired, not the caller. */
  timedOut(): boolean;
  clear(): void;
}

export function deadline(caller: AbortSignal, timeoutMs: number): Deadline {
  const own = new AbortController();
  const timer = setTimeout(
    () => own.abort(new DOMException(`no answer within ${timeoutMs} ms`, "TimeoutError")),
    timeoutMs,
  );
  return {
    signal: AbortSignal.any([caller, own.signal]),
    timedOut: () => own.signal.aborted && !caller.aborted,
    clear: () => clearTimeout(timer),
  };
}

/** True when the caller aborted with a timeout of its own (e.g. the step's `timeoutMs`). */
export function callerTimedOut(caller: AbortSignal): boolean {
  const reason: unknown = caller.reason;
  return caller.aborted && reason instanceof Error && reason.name === "TimeoutError";
}
