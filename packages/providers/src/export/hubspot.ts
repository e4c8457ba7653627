// HubSpot target (CRM v3): finds the contact by HubSpot id or email, then adds a note or sets
// contact properties. Short rate limits are waited out here; daily ones fail the attempt.
import { PermanentProviderError, RetryableProviderError } from "../errors";
import { bodyMessage, type HttpAnswer, send } from "../support/http";
import { describeWait, parseRetryAfter } from "../support/retry-after";
import { sleep } from "../support/sleep";
import type { ExportPayload, ExportTarget } from "../types";
import { mappedProperties, noteBody } from "./hubspot-format";

export interface HubspotTargetOptions {
  token: string;
  baseUrl?: string;
  mode: "note" | "properties";
  properties?: Record<string, string>;
  /** Named in messages about a refused token (the secret's name, never its value). */
  tokenRef?: string;
  timeoutMs?: number;
  now?: () => Date;
  /** How many SECONDLY/TEN_SECONDLY 429s one delivery waits out before failing the attempt. */
  maxShortWaits?: number;
}

export const HUBSPOT_DEFAULT_BASE_URL = "https://api.hubapi.com";
/** HubSpot-defined association type "note to contact". */
export const NOTE_TO_CONTACT = 202;
const DAILY_WAIT_MS = 3_600_000;
const SHORT_WAIT_CAP_MS = 10_000;

// A 2xx body that is not JSON is treated as empty rather than failing a delivery that happened.
function parseJson(text: string): Record<string, unknown> {
  try {
    const data: unknown = JSON.parse(text);
    return data && typeof data === "object" ? (data as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export function createHubspotTarget(options: HubspotTargetOptions): ExportTarget {
  const base = (options.baseUrl ?? HUBSPOT_DEFAULT_BASE_URL).replace(/\/+$/, "");
  const timeoutMs = options.timeoutMs ?? 10_000;
  const now = options.now ?? (() => new Date());
  const maxShortWaits = options.maxShortWaits ?? 3;

  async function call(
    method: string,
    path: string,
    body: unknown,
    signal: AbortSignal,
  ): Promise<HttpAnswer> {
    const init: RequestInit = {
      method,
      headers: {
        authorization: `Bearer ${options.token}`,
        "content-type": "application/json",
        accept: "application/json",
      },
      body: JSON.stringify(body),
    };
    for (let waits = 0; ; waits++) {
      const res = await send(`${base}${path}`, init, timeoutMs, signal, "HubSpot");
      if (res.status < 300) return res;
      const message = bodyMessage(res.text);
      if (res.status === 429) {
        const policy = /"policyName"\s*:\s*"([A-Z_]+)"/.exec(res.text)?.[1] ?? "";
        const wait = parseRetryAfter(res.headers);
        if (policy === "DAILY") {
          const ms = wait ?? DAILY_WAIT_MS;
          throw new RetryableProviderError(
            "target_error",
            `HubSpot's daily API limit is used up; retrying ${describeWait(ms)}`,
            ms,
          );
        }
        // A per-second burst limit: waiting a moment is "waiting our turn" (rule 6), not a failure.
        const ms = Math.min(wait ?? 1_000, SHORT_WAIT_CAP_MS);
        if (waits < maxShortWaits) {
          await sleep(ms, signal);
          continue;
        }
        throw new RetryableProviderError(
          "target_error",
          `HubSpot is rate limiting (${policy || "429"}): ${message}`,
          ms,
        );
      }
      if (res.status >= 500) {
        throw new RetryableProviderError(
          "target_error",
          `HubSpot failed (${res.status}): ${message}`,
          parseRetryAfter(res.headers),
        );
      }
      if (res.status === 401 || res.status === 403) {
        const secret = options.tokenRef ? ` (check STUDIO_SECRET_${options.tokenRef})` : "";
        throw new PermanentProviderError(
          "target_error",
          `HubSpot refused the token (${res.status}): ${message}${secret}`,
        );
      }
      throw new PermanentProviderError(
        "target_error",
        `HubSpot refused the request (${res.status}): ${message}`,
      );
    }
  }

  async function findContact(payload: ExportPayload, signal: AbortSignal): Promise<string> {
    const crm = payload.prospect.crm as { hubspot?: unknown } | undefined;
    if (typeof crm?.hubspot === "string" && crm.hubspot) return crm.hubspot;
    const email = payload.prospect.email;
    if (typeof email !== "string" || !email) {
      throw new PermanentProviderError(
        "target_error",
        "the prospect has no email or HubSpot id to find the HubSpot contact by",
      );
    }
    const res = await call(
      "POST",
      "/crm/v3/objects/contacts/search",
      {
        filterGroups: [{ filters: [{ propertyName: "email", operator: "EQ", value: email }] }],
        properties: ["email"],
        limit: 1,
      },
      signal,
    );
    const id = (parseJson(res.text) as { results?: { id?: unknown }[] }).results?.[0]?.id;
    if (typeof id !== "string" || !id) {
      throw new PermanentProviderError(
        "target_error",
        `no HubSpot contact has the email ${email}; create the contact in HubSpot first`,
      );
    }
    return id;
  }

  const idOf = (res: HttpAnswer) => {
    const id = (parseJson(res.text) as { id?: unknown }).id;
    return typeof id === "string" && id ? id : undefined;
  };

  return {
    type: "hubspot",
    async deliver(payload, idempotencyKey, signal) {
      let properties: Record<string, string> = {};
      if (options.mode === "properties") {
        const mapped = mappedProperties(options.properties ?? {}, payload, idempotencyKey);
        if (Object.keys(mapped.properties).length === 0) {
          const why =
            mapped.missing.length > 0
              ? `none of ${mapped.missing.join(", ")} is in the upstream outputs`
              : "the step maps no properties";
          throw new PermanentProviderError("target_error", `nothing to write to HubSpot: ${why}`);
        }
        properties = mapped.properties;
      }
      const contactId = await findContact(payload, signal);
      if (options.mode === "properties") {
        const res = await call(
          "PATCH",
          `/crm/v3/objects/contacts/${encodeURIComponent(contactId)}`,
          { properties },
          signal,
        );
        return { externalId: idOf(res) ?? contactId };
      }
      const res = await call(
        "POST",
        "/crm/v3/objects/notes",
        {
          properties: {
            hs_note_body: noteBody(payload, idempotencyKey),
            hs_timestamp: now().toISOString(),
          },
          associations: [
            {
              to: { id: contactId },
              types: [
                { associationCategory: "HUBSPOT_DEFINED", associationTypeId: NOTE_TO_CONTACT },
              ],
            },
          ],
        },
        signal,
      );
      const noteId = idOf(res);
      return noteId ? { externalId: noteId } : {};
    },
  };
}
