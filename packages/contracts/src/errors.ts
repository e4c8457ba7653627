// Stable error codes. HTTP answers, bus results and cells all use these.
import { z } from "zod";

export const ErrorCodes = {
  // HTTP / validation
  badRequest: "bad_request",
  validation: "validation_failed",
  unauthorized: "unauthorized",
  notFound: "not_found",
  conflict: "conflict",
  payloadTooLarge: "payload_too_large",
  rateLimited: "rate_limited",
  unsupportedMediaType: "unsupported_media_type",
  unavailable: "unavailable",
  // state transitions (409)
  waitingForUpstream: "waiting_for_upstream",
  alreadyRunning: "already_running",
  notRunnable: "not_runnable",
  notRerunnable: "not_rerunnable",
  notCancelable: "not_cancelable",
  notEditable: "not_editable",
  // run outcomes
  timeout: "timeout",
  providerError: "provider_error",
  providerRateLimited: "provider_rate_limited",
  invalidOutput: "invalid_output",
  targetError: "target_error",
  targetGone: "target_gone",
  canceled: "canceled",
  internal: "internal",
} as const;
export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

/** RFC 9457 problem details, as every error answer of the gateway. */
export const ProblemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  code: z.string().optional(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type Problem = z.infer<typeof ProblemSchema>;
