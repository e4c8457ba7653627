// The one place errors become answers: every failure is application/problem+json (API.md).
import { isBusTimeoutError } from "@studio/bus";
import { ErrorCodes } from "@studio/contracts";
import type { Logger } from "@studio/runtime";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { isProblemError, ProblemError, RateLimitedError, UnavailableError } from "./problems";

const PROBLEM_TYPE_BASE = "https://prospect.studio/problems/";

export function problemBody(err: ProblemError) {
  return {
    type: `${PROBLEM_TYPE_BASE}${err.code}`,
    title: err.title,
    status: err.status,
    detail: err.message,
    code: err.code,
    ...(err.errors === undefined ? {} : { errors: err.errors }),
  };
}

export function problemResponse(err: ProblemError): Response {
  const body = problemBody(err);
  const headers: Record<string, string> = { "content-type": "application/problem+json" };
  if (err instanceof RateLimitedError) headers["retry-after"] = String(err.retryAfterSeconds);
  return new Response(JSON.stringify(body), { status: err.status, headers });
}

/** NATS failures that mean "the bus is not there right now", not "this input is bad". */
function isBusOutage(err: unknown): boolean {
  if (isBusTimeoutError(err)) return true;
  if (!(err instanceof Error)) return false;
  const text = `${err.name} ${err.message}`;
  return /TimeoutError|NoResponders|connection (closed|disconnected|draining)|JetStreamNotEnabled|no responders/i.test(
    text,
  );
}

export function createErrorHandler(log: Logger) {
  return (err: Error, c: Context): Response => {
    if (isProblemError(err)) return problemResponse(err);
    if (err instanceof HTTPException) {
      const status = err.status;
      const code =
        status === 400
          ? ErrorCodes.badRequest
          : status === 404
            ? ErrorCodes.notFound
            : "http_error";
      return problemResponse(new ProblemError(status, code, titleOf(status), err.message));
    }
    if (isBusOutage(err)) {
      log.warn(
        { err: { name: err.name, message: err.message }, path: c.req.path },
        "bus unavailable",
      );
      return problemResponse(new UnavailableError(undefined, { cause: err }));
    }
    log.error({ err, path: c.req.path, method: c.req.method }, "unhandled error");
    return problemResponse(
      new ProblemError(500, ErrorCodes.internal, "Internal error", "internal error"),
    );
  };
}

function titleOf(status: number): string {
  if (status === 400) return "Bad request";
  if (status === 401) return "Unauthorized";
  if (status === 404) return "Not found";
  if (status === 413) return "Payload too large";
  return "Error";
}
