// fetch for export targets: our timeout, the caller's abort, and failures turned into provider
// errors the run's retry policy understands.
import { abortError, RetryableProviderError } from "../errors";
import { callerTimedOut, deadline } from "./deadline";

export interface HttpAnswer {
  status: number;
  headers: Headers;
  text: string;
}

/**
 * Sends one request; a network error or our timeout rejects with a retryable error. With
 * `lateGraceMs`, a request still unanswered at our timeout is kept open that much longer and
 * the timeout error carries `late`: the answer if one came in the grace period.
 */
export async function send(
  url: string,
  init: RequestInit,
  timeoutMs: number,
  signal: AbortSignal,
  who: string,
  lateGraceMs = 0,
): Promise<HttpAnswer> {
  if (lateGraceMs > 0) return sendWithGrace(url, init, timeoutMs, signal, who, lateGraceMs);
  if (signal.aborted) throw abortError(signal);
  const limit = deadline(signal, timeoutMs);
  try {
    const res = await fetch(url, { ...init, signal: limit.signal, redirect: "manual" });
    // Reading the body is under the same deadline: a receiver that stalls mid-body times out too.
    const text = await res.text();
    return { status: res.status, headers: res.headers, text };
  } catch (err) {
    if (limit.timedOut() || callerTimedOut(signal)) {
      throw timeoutError(who, timeoutMs, err);
    }
    if (signal.aborted) throw abortError(signal);
    const cause = (err as Error).cause;
    const detail = cause instanceof Error ? cause.message : (err as Error).message;
    throw new RetryableProviderError(
      "target_error",
      `could not reach ${who}: ${detail}`,
      undefined,
      { cause: err },
    );
  } finally {
    limit.clear();
  }
}

function timeoutError(who: string, timeoutMs: number, cause: unknown): RetryableProviderError {
  return new RetryableProviderError(
    "timeout",
    `${who} did not answer within ${timeoutMs} ms`,
    undefined,
    { cause },
  );
}

export interface LateAnswer {
  /** Resolves with the answer that came after our timeout, or undefined if none came. */
  late?: Promise<HttpAnswer | undefined>;
}

async function sendWithGrace(
  url: string,
  init: RequestInit,
  timeoutMs: number,
  signal: AbortSignal,
  who: string,
  lateGraceMs: number,
): Promise<HttpAnswer> {
  if (signal.aborted) throw abortError(signal);
  // The request lives for timeout + grace (or until the caller aborts); we wait for timeout only.
  const life = deadline(signal, timeoutMs + lateGraceMs);
  const request = (async () => {
    const res = await fetch(url, { ...init, signal: life.signal, redirect: "manual" });
    const text = await res.text();
    return { status: res.status, headers: res.headers, text };
  })();
  void request.then(life.clear, life.clear);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const ourTimeout = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), timeoutMs);
  });
  try {
    const first = await Promise.race([request, ourTimeout]);
    if (first !== "timeout") return first;
    const err = timeoutError(who, timeoutMs, undefined) as RetryableProviderError & LateAnswer;
    err.late = request.catch(() => undefined);
    throw err;
  } catch (err) {
    if ((err as LateAnswer).late !== undefined) throw err;
    if (life.timedOut() || callerTimedOut(signal)) throw timeoutError(who, timeoutMs, err);
    if (signal.aborted) throw abortError(signal);
    const cause = (err as Error).cause;
    const detail = cause instanceof Error ? cause.message : (err as Error).message;
    throw new RetryableProviderError(
      "target_error",
      `could not reach ${who}: ${detail}`,
      undefined,
      { cause: err },
    );
  } finally {
    clearTimeout(timer);
  }
}

/** The receiver's message from an error body: `message`/`error` of JSON, else the text. */
export function bodyMessage(text: string): string {
  try {
    const data: unknown = JSON.parse(text);
    if (data && typeof data === "object") {
      const record = data as Record<string, unknown>;
      const inner =
        record.error && typeof record.error === "object"
          ? (record.error as Record<string, unknown>).message
          : record.error;
      const message = record.message ?? inner ?? record.detail;
      if (typeof message === "string" && message) return message.slice(0, 300);
    }
  } catch {
    // Not JSON: the raw text is the message.
  }
  return text.trim().slice(0, 300) || "no message";
}
