// Maps what the OpenAI SDK throws to our provider errors: what is worth retrying, how long the
// server asked us to wait, and the server's own words for the cell's error message.
import { APIConnectionError, APIConnectionTimeoutError, APIError } from "openai";
import { PermanentProviderError, RetryableProviderError } from "../errors";
import { describeWait, parseRetryAfter } from "../support/retry-after";

function serverMessage(err: APIError): string {
  const body: unknown = err.error;
  if (body && typeof body === "object" && "message" in body && typeof body.message === "string") {
    return body.message.slice(0, 300);
  }
  return err.message.replace(/^\d{3}\s*/, "").slice(0, 300) || "no message";
}

export function mapLlmError(err: unknown, baseUrl: string, timeoutMs: number): Error {
  if (err instanceof APIConnectionTimeoutError) {
    return new RetryableProviderError(
      "timeout",
      `the LLM did not answer within ${timeoutMs} ms`,
      undefined,
      { cause: err },
    );
  }
  if (err instanceof APIConnectionError) {
    const cause =
      err.cause instanceof Error
        ? ((err.cause.cause as Error | undefined)?.message ?? err.cause.message)
        : err.message;
    return new RetryableProviderError(
      "provider_error",
      `could not reach the LLM at ${baseUrl}: ${cause}`,
      undefined,
      { cause: err },
    );
  }
  if (err instanceof APIError && typeof err.status === "number") {
    const status = err.status;
    const message = serverMessage(err);
    const wait = parseRetryAfter(err.headers);
    if (status === 429) {
      return new RetryableProviderError(
        "provider_rate_limited",
        `the LLM provider is rate limiting (429): ${message}; retrying ${describeWait(wait)}`,
        wait,
        { cause: err },
      );
    }
    if (status === 408) {
      return new RetryableProviderError(
        "timeout",
        `the LLM provider timed out (408): ${message}`,
        wait,
        { cause: err },
      );
    }
    if (status >= 500 || status === 409) {
      return new RetryableProviderError(
        "provider_error",
        `the LLM provider failed (${status}): ${message}`,
        wait,
        { cause: err },
      );
    }
    const hint =
      status === 401 || status === 403
        ? " (check STUDIO_LLM_API_KEY)"
        : status === 404
          ? " (check STUDIO_LLM_BASE_URL and STUDIO_LLM_MODEL)"
          : "";
    return new PermanentProviderError(
      "provider_error",
      `the LLM provider refused the request (${status}): ${message}${hint}`,
      { cause: err },
    );
  }
  return err instanceof Error ? err : new Error(String(err));
}
