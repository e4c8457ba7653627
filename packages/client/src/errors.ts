// Errors the gateway client throws: an API refusal (problem+json) or an unreachable gateway.
import type { Problem } from "@studio/contracts";

export type ProblemFieldError = { path: string; message: string };

/** The gateway answered with an error status; carries the parsed problem+json. */
export class StudioApiError extends Error {
  override readonly name = "StudioApiError";
  readonly status: number;
  readonly code: string | undefined;
  readonly title: string;
  readonly detail: string;
  readonly errors: ProblemFieldError[] | undefined;
  /** Seconds from `Retry-After` on a 429/503, when given. */
  readonly retryAfter: number | undefined;
  readonly problem: Partial<Problem>;

  constructor(problem: Partial<Problem> & { status: number }, retryAfter?: number) {
    const detail = problem.detail ?? problem.title ?? `HTTP ${problem.status}`;
    super(detail);
    this.status = problem.status;
    this.code = problem.code;
    this.title = problem.title ?? "";
    this.detail = detail;
    this.errors = problem.errors;
    this.retryAfter = retryAfter;
    this.problem = problem;
  }
}

/** The gateway could not be reached (offline, DNS, refused connection, aborted by timeout). */
export class NetworkError extends Error {
  override readonly name = "NetworkError";
  readonly code = "network";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export function isStudioApiError(e: unknown): e is StudioApiError {
  return e instanceof StudioApiError || (e instanceof Error && e.name === "StudioApiError");
}

export function isNetworkError(e: unknown): e is NetworkError {
  return e instanceof NetworkError || (e instanceof Error && e.name === "NetworkError");
}

/** Builds a StudioApiError from any error response, problem+json or not. */
export async function problemFromResponse(res: Response): Promise<StudioApiError> {
  const retryAfterHeader = res.headers.get("retry-after");
  const retryAfter = retryAfterHeader ? Number(retryAfterHeader) : undefined;
  let body: unknown;
  const text = await res.text().catch(() => "");
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  const p = (typeof body === "object" && body !== null ? body : {}) as Partial<Problem>;
  return new StudioApiError(
    {
      type: typeof p.type === "string" ? p.type : "about:blank",
      title: typeof p.title === "string" ? p.title : res.statusText,
      status: res.status,
      detail: typeof p.detail === "string" ? p.detail : text.slice(0, 500) || res.statusText,
      ...(typeof p.code === "string" ? { code: p.code } : {}),
      ...(Array.isArray(p.errors) ? { errors: p.errors } : {}),
    },
    Number.isFinite(retryAfter) ? retryAfter : undefined,
  );
}
