// Exports deliver each distinct payload once (SPEC rule 18): the idempotency key is claimed
// in the `studio_exports` ledger before delivery and completed after. A redelivered run —
// after a crash, a lost ack, a retry — finds the key delivered and answers from the ledger.
//
// One claim at a time per key, whichever run or attempt holds it: a live claim (until its
// attempt's step timeout) is waited for (NotYetError: looked at again later, as the same
// attempt, holding no worker slot), never delivered over. A target
// that answers after our timeout is still listened to for the grace period; a late 2xx marks
// the key delivered, so the retry that follows sends nothing. Only when the outcome stays
// unknown (no answer at all, or the worker died mid-request) does a later attempt send the same
// payload again, with the same `webhook-id` for the receiver to deduplicate (Standard Webhooks).
import { createHash } from "node:crypto";
import {
  type DisabledTarget,
  ErrorCodes,
  type ExportOutput,
  type LedgerEntry,
  type RunMessage,
} from "@studio/contracts";
import {
  type ExportTarget,
  exportPayloadOf,
  type LateOutcome,
  NotYetError,
  PermanentProviderError,
  RetryableProviderError,
} from "@studio/providers";

export interface LedgerStore {
  get(key: string): Promise<{ value: LedgerEntry; revision: number } | undefined>;
  create(key: string, value: LedgerEntry): Promise<number>;
  update(key: string, value: LedgerEntry, revision: number): Promise<number>;
}

export interface DisabledTargets {
  get(key: string): Promise<{ value: DisabledTarget } | undefined>;
  put(key: string, value: DisabledTarget): Promise<number>;
}

export interface DeliverOnceDeps {
  ledger: LedgerStore;
  disabled: DisabledTargets;
  isConflict(err: unknown): boolean;
  now(): string;
  /** How long one attempt may run (the step's timeout); a claim lives that long plus grace. */
  attemptMs(run: RunMessage): number;
  /** Longest wait before a live claim of someone else is looked at again (default 1 s). */
  recheckMs?: number;
  /** Background work (late-answer bookkeeping), tracked so tests and shutdown can await it. */
  track?(work: Promise<unknown>): void;
  log?: { warn(obj: object, msg: string): void };
}

export async function deliverOnce(
  deps: DeliverOnceDeps,
  run: RunMessage,
  target: ExportTarget,
  signal: AbortSignal,
): Promise<ExportOutput> {
  const key = run.idempotencyKey;
  if (key === undefined) {
    throw new PermanentProviderError(
      ErrorCodes.targetError,
      "export run without an idempotency key",
    );
  }
  const goneKey =
    target.identity === undefined ? undefined : disabledKey(run.workspaceId, target.identity);
  if (goneKey !== undefined) {
    const gone = await deps.disabled.get(goneKey);
    if (gone !== undefined) {
      throw new PermanentProviderError(
        ErrorCodes.targetGone,
        `the target is disabled since ${gone.value.disabledAt}: ${gone.value.reason}`,
      );
    }
  }

  // Create-first: the common case is a key nobody has claimed yet, and then the claim costs
  // one write instead of a read and a write. Only when the key exists is it read (and waited
  // for while another attempt's claim on it is live).
  const claimFor = (): LedgerEntry => {
    const claimedAt = deps.now();
    // Nothing of this attempt outlives its step timeout (the late-answer listener included:
    // the step's signal aborts the request), so the claim is live that long, plus a margin.
    const lifeMs = deps.attemptMs(run) + 1_000;
    return {
      idempotencyKey: key,
      state: "claimed",
      runId: run.runId,
      target: target.type,
      claimedAt,
      until: new Date(Date.parse(claimedAt) + lifeMs).toISOString(),
    };
  };
  let claim = claimFor();
  let revision: number;
  try {
    revision = await deps.ledger.create(key, claim);
  } catch (err) {
    if (!deps.isConflict(err)) throw err;
    const existing = await settledEntry(deps, key);
    if (existing?.value.state === "delivered") return fromLedger(existing.value);
    claim = claimFor();
    try {
      revision =
        existing === undefined
          ? await deps.ledger.create(key, claim)
          : await deps.ledger.update(key, claim, existing.revision);
    } catch (again) {
      if (!deps.isConflict(again)) throw again;
      throw new RetryableProviderError(
        ErrorCodes.targetError,
        "the delivery was claimed concurrently",
        1_000,
      );
    }
  }

  let delivered: { externalId?: string };
  try {
    delivered = await target.deliver(exportPayloadOf(run), key, signal);
  } catch (err) {
    const late = (err as { lateOutcome?: LateOutcome }).lateOutcome;
    if (late !== undefined) {
      // Outcome unknown yet: the claim stays live while the late answer is listened for.
      const work = settleLate(deps, claim, revision, late);
      deps.track?.(work);
    } else if (!isUnknownOutcome(err, signal)) {
      // The target answered and did not take it (or could not be reached): free the key now.
      await release(deps, claim, revision);
      if (err instanceof PermanentProviderError && err.code === ErrorCodes.targetGone && goneKey)
        await deps.disabled.put(goneKey, {
          target: target.identity ?? target.type,
          disabledAt: deps.now(),
          reason: err.message.slice(0, 1_000),
          runId: run.runId,
        });
    }
    // Otherwise (aborted, unknown): the claim expires at `until`, then a retry may re-send.
    throw err;
  }
  const entry: LedgerEntry = {
    ...claim,
    state: "delivered",
    deliveredAt: deps.now(),
    ...(delivered.externalId === undefined ? {} : { externalId: delivered.externalId }),
  };
  try {
    await deps.ledger.update(key, entry, revision);
  } catch (err) {
    // Someone completed it meanwhile (a takeover after expiry): theirs is the record.
    if (!deps.isConflict(err)) throw err;
  }
  return fromLedger(entry);
}

/**
 * Reads the key. While another attempt's claim on it is live, this attempt cannot go on: it is
 * handed back (NotYetError) to look again soon, holding no slot and using up no attempt.
 */
async function settledEntry(
  deps: DeliverOnceDeps,
  key: string,
): Promise<{ value: LedgerEntry; revision: number } | undefined> {
  const entry = await deps.ledger.get(key);
  if (entry === undefined || entry.value.state !== "claimed" || !isLive(deps, entry.value))
    return entry;
  const untilMs = liveUntil(entry.value) - Date.parse(deps.now());
  throw new NotYetError(
    `the same payload is being delivered by run ${entry.value.runId}; waiting for its outcome`,
    // Look again at the claim's end, or sooner: its holder may finish first.
    Math.min(Math.max(untilMs, 50), deps.recheckMs ?? 1_000),
  );
}

async function settleLate(
  deps: DeliverOnceDeps,
  claim: LedgerEntry,
  revision: number,
  late: LateOutcome,
): Promise<void> {
  const outcome = await late;
  if (outcome === undefined) {
    await release(deps, claim, revision);
    return;
  }
  const entry: LedgerEntry = {
    ...claim,
    state: "delivered",
    deliveredAt: deps.now(),
    ...(outcome.externalId === undefined ? {} : { externalId: outcome.externalId }),
  };
  await deps.ledger.update(claim.idempotencyKey, entry, revision).catch((err: unknown) => {
    deps.log?.warn({ key: claim.idempotencyKey, err }, "late delivery not recorded");
  });
}

async function release(deps: DeliverOnceDeps, claim: LedgerEntry, revision: number) {
  // Best effort: if this write is lost the claim simply expires at `until`.
  await deps.ledger
    .update(claim.idempotencyKey, { ...claim, state: "released" }, revision)
    .catch(() => undefined);
}

/** A timeout or an abort: the request may have reached the target, so the claim must expire. */
function isUnknownOutcome(err: unknown, signal: AbortSignal): boolean {
  if (signal.aborted) return true;
  if (err instanceof RetryableProviderError) return err.code === ErrorCodes.timeout;
  return !(err instanceof PermanentProviderError);
}

function liveUntil(entry: LedgerEntry): number {
  return entry.until === undefined
    ? Date.parse(entry.claimedAt) + 300_000
    : Date.parse(entry.until);
}

function isLive(deps: DeliverOnceDeps, entry: LedgerEntry): boolean {
  return Date.parse(deps.now()) < liveUntil(entry);
}

export function disabledKey(workspaceId: string, identity: string): string {
  return `gone.${createHash("sha256").update(`${workspaceId}\n${identity}`).digest("hex")}`;
}

function fromLedger(entry: LedgerEntry): ExportOutput {
  return {
    target: entry.target,
    status: "delivered",
    deliveredAt: entry.deliveredAt ?? entry.claimedAt,
    idempotencyKey: entry.idempotencyKey,
    ...(entry.externalId === undefined ? {} : { externalId: entry.externalId }),
  };
}
