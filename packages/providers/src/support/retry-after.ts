// Reads how long a server asked us to wait: `retry-after-ms` (OpenAI), or `Retry-After` as
// delta-seconds or an HTTP date (RFC 9110 §10.2.3).

/** Longest wait we pass on; the step's retry policy cannot express more than an hour either. */
export const MAX_RETRY_AFTER_MS = 3_600_000;

export function parseRetryAfter(
  headers: Headers | undefined,
  now: number = Date.now(),
): number | undefined {
  if (!headers) return undefined;
  const ms = headers.get("retry-after-ms");
  if (ms && /^\d+(\.\d+)?$/.test(ms.trim())) return cap(Number(ms));
  const value = headers.get("retry-after")?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return cap(Number(value) * 1_000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : cap(at - now);
}

const cap = (ms: number) => Math.min(MAX_RETRY_AFTER_MS, Math.max(0, Math.round(ms)));

/** "in 3 s" / "in 2 min": how a wait reads in a cell's error message. */
export function describeWait(ms: number | undefined): string {
  if (ms === undefined) return "later";
  if (ms < 60_000) return `in ${Math.max(1, Math.round(ms / 1_000))} s`;
  return `in ${Math.round(ms / 60_000)} min`;
}
