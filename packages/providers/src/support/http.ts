// fetch for export targets: our timeout, the caller's abort, and failures turned into provider
// errors the run's retry policy understands.
import { abortError, RetryableProviderError } from "../errors";
import { callerTimedOut, deadline } from "./deadline";

export interface HttpAnswer {
  status: number;
  headers: Headers;
  text: string;
}

/** Sends one request; a network error or our timeout rejects with a retryable error. */
export async function send(
  url: string,
  init: RequestInit,
  timeoutMs: number,
  signal: AbortSignal,
  who: string,
): Promise<HttpAnswer> {
  if (signal.aborted) throw abortError(signal);
  const limit = deadline(signal, timeoutMs);
  try {
    const res = await fetch(url, { ...init, signal: limit.signal, redirect: "manual" });
    // Reading the body is under the same deadline: a receiver that stalls mid-body times out too.
    const text = await res.text();
    return { status: res.status, headers: res.headers, text };
  } catch (err) {
    if (limit.timedOut() || callerTimedOut(signal)) {
      throw new RetryableProviderError(
        "timeout",
        `${who} did not answer within ${timeoutMs} ms`,
        undefined,
        { cause: err },
      );
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
