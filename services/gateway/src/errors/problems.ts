// One error class per HTTP failure the gateway answers; each carries what problem+json needs.
import { type ErrorCode, ErrorCodes } from "@studio/contracts";

export interface FieldError {
  path: string;
  message: string;
}

export class ProblemError extends Error {
  override name = "ProblemError";
  constructor(
    readonly status: number,
    readonly code: ErrorCode | string,
    readonly title: string,
    detail: string,
    readonly errors?: FieldError[],
    options?: ErrorOptions,
  ) {
    super(detail, options);
  }
}

export const isProblemError = (err: unknown): err is ProblemError => err instanceof ProblemError;

export class BadRequestError extends ProblemError {
  constructor(detail: string, errors?: FieldError[]) {
    super(400, ErrorCodes.badRequest, "Bad request", detail, errors);
  }
}

export class ValidationError extends ProblemError {
  constructor(errors: FieldError[], detail = "the request does not match its schema") {
    super(400, ErrorCodes.validation, "Validation failed", detail, errors);
  }
}

export class UnauthorizedError extends ProblemError {
  constructor(detail = "a valid bearer token is required") {
    super(401, ErrorCodes.unauthorized, "Unauthorized", detail);
  }
}

/** Also what another workspace's object looks like: indistinguishable from missing (R5). */
export class NotFoundError extends ProblemError {
  constructor(what: string) {
    super(404, ErrorCodes.notFound, "Not found", `${what} not found`);
  }
}

/** A refused state transition or a conflicting request; `detail` names the blocking state. */
export class ConflictError extends ProblemError {
  constructor(code: ErrorCode | string, detail: string) {
    super(409, code, "Conflict", detail);
  }
}

export class UnprocessableError extends ProblemError {
  constructor(code: ErrorCode | string, detail: string, errors?: FieldError[]) {
    super(422, code, "Unprocessable request", detail, errors);
  }
}

export class PayloadTooLargeError extends ProblemError {
  constructor(limit: number) {
    super(413, ErrorCodes.payloadTooLarge, "Payload too large", `the body exceeds ${limit} bytes`);
  }
}

export class UnsupportedMediaTypeError extends ProblemError {
  constructor(expected: string) {
    super(415, ErrorCodes.unsupportedMediaType, "Unsupported media type", `send ${expected}`);
  }
}

export class RateLimitedError extends ProblemError {
  constructor(readonly retryAfterSeconds: number) {
    super(429, ErrorCodes.rateLimited, "Too many requests", "rate limit exceeded for this token");
  }
}

/** The only 5xx the gateway answers on purpose: the bus is really unreachable. */
export class UnavailableError extends ProblemError {
  constructor(
    detail = "the message bus is unavailable, try again shortly",
    options?: ErrorOptions,
  ) {
    super(503, ErrorCodes.unavailable, "Service unavailable", detail, undefined, options);
  }
}

/** zod issues → `errors: [{ path: "steps.1.needs.0", message }]`. */
export function toFieldErrors(
  issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>,
  prefix?: string,
): FieldError[] {
  return issues.slice(0, 50).map((i) => {
    const path = i.path.map(String).join(".");
    return {
      path: prefix === undefined ? path : path === "" ? prefix : `${prefix}.${path}`,
      message: i.message,
    };
  });
}
