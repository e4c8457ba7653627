// Webhook target: a JSON POST signed per Standard Webhooks, with the idempotency key as
// `webhook-id` so receivers can drop duplicates (SPEC rule 18).
import { Webhook } from "standardwebhooks";
import { PermanentProviderError, RetryableProviderError } from "../errors";
import { bodyMessage, type HttpAnswer, type LateAnswer, send } from "../support/http";
import { describeWait, parseRetryAfter } from "../support/retry-after";
import type { ExportTarget } from "../types";

export interface WebhookTargetOptions {
  url: string;
  /** A `whsec_…` base64 secret; without one the request is sent unsigned. */
  secret?: string;
  timeoutMs?: number;
  now?: () => Date;
}

export const WEBHOOK_EVENT_TYPE = "prospect.exported";
export const DEFAULT_WEBHOOK_TIMEOUT_MS = 10_000;
/**
 * A request unanswered at the timeout is still listened to this long (as long again, ≤ 30 s),
 * within the step's own timeout, which aborts it in any case.
 */
export const lateGraceOf = (timeoutMs: number) => Math.min(timeoutMs, 30_000);

export function createWebhookTarget(options: WebhookTargetOptions): ExportTarget {
  const now = options.now ?? (() => new Date());
  const timeoutMs = options.timeoutMs ?? DEFAULT_WEBHOOK_TIMEOUT_MS;
  let signer: Webhook | undefined;
  let secretProblem: string | undefined;
  if (options.secret) {
    try {
      signer = new Webhook(options.secret);
    } catch (err) {
      secretProblem = `the webhook secret is not a valid whsec_ base64 secret (${(err as Error).message})`;
    }
  }
  const who = `the webhook receiver at ${new URL(options.url).host}`;

  const lateGraceMs = lateGraceOf(timeoutMs);
  return {
    type: "webhook",
    identity: `webhook:${options.url}`,
    async deliver(payload, idempotencyKey, signal) {
      if (secretProblem) throw new PermanentProviderError("target_error", secretProblem);
      const at = now();
      const body = JSON.stringify({
        type: WEBHOOK_EVENT_TYPE,
        timestamp: at.toISOString(),
        data: payload,
      });
      const headers: Record<string, string> = {
        "content-type": "application/json",
        "user-agent": "ProspectStudio-Webhooks/1",
        "webhook-id": idempotencyKey,
        "webhook-timestamp": String(Math.floor(at.getTime() / 1_000)),
      };
      if (signer) headers["webhook-signature"] = signer.sign(idempotencyKey, at, body);
      let res: HttpAnswer;
      try {
        res = await send(
          options.url,
          { method: "POST", headers, body },
          timeoutMs,
          signal,
          who,
          lateGraceMs,
        );
      } catch (err) {
        const late = (err as LateAnswer).late;
        if (err instanceof RetryableProviderError && late !== undefined) {
          err.lateOutcome = late.then((answer) =>
            answer !== undefined && isDelivered(answer.status) ? delivery(answer) : undefined,
          );
        }
        throw err;
      }
      if (isDelivered(res.status)) return delivery(res);
      const message = bodyMessage(res.text);
      if (res.status === 410) {
        throw new PermanentProviderError(
          "target_gone",
          `${who} answered 410 Gone (${message}); the target is disabled until the step's target is changed`,
        );
      }
      if (res.status === 429 || res.status >= 500 || res.status === 408) {
        const wait = parseRetryAfter(res.headers);
        throw new RetryableProviderError(
          "target_error",
          `${who} answered ${res.status}: ${message}; retrying ${describeWait(wait)}`,
          wait,
        );
      }
      if (res.status >= 300 && res.status < 400) {
        // Redirects are not followed: a signed payload must not be replayed to another host.
        throw new PermanentProviderError(
          "target_error",
          `${who} redirected (${res.status}) to ${res.headers.get("location") ?? "?"}; configure the final URL`,
        );
      }
      throw new PermanentProviderError(
        "target_error",
        `${who} refused the delivery (${res.status}): ${message}`,
      );
    },
  };
}

const isDelivered = (status: number) => status >= 200 && status < 300;

function delivery(res: HttpAnswer): { externalId?: string } {
  const externalId = res.headers.get("x-external-id") ?? undefined;
  return externalId ? { externalId: externalId.slice(0, 500) } : {};
}
