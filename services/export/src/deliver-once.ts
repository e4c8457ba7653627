// Exports deliver each distinct payload once (SPEC rule 18): the idempotency key is claimed
// in the `studio_exports` ledger before delivery and completed after. A redelivered run —
// after a crash, a lost ack, a retry — finds the key delivered and answers from the ledger.
import {
  ErrorCodes,
  type ExportOutput,
  type LedgerEntry,
  type RunMessage,
} from "@studio/contracts";
import {
  type ExportTarget,
  exportPayloadOf,
  PermanentProviderError,
  RetryableProviderError,
} from "@studio/providers";

export interface LedgerStore {
  get(key: string): Promise<{ value: LedgerEntry; revision: number } | undefined>;
  create(key: string, value: LedgerEntry): Promise<number>;
  update(key: string, value: LedgerEntry, revision: number): Promise<number>;
}

export interface DeliverOnceDeps {
  ledger: LedgerStore;
  isConflict(err: unknown): boolean;
  now(): string;
  /** A claim older than this is taken to be from a delivery that died (longer than any timeout). */
  staleClaimMs: number;
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
  const existing = await deps.ledger.get(key);
  if (existing?.value.state === "delivered") return fromLedger(existing.value);
  if (
    existing !== undefined &&
    existing.value.runId !== run.runId &&
    !isStale(deps, existing.value)
  ) {
    // Another run with the same payload is delivering right now: wait for its outcome.
    throw new RetryableProviderError(
      ErrorCodes.targetError,
      "the same payload is being delivered by another run",
      2_000,
    );
  }

  const claim: LedgerEntry = {
    idempotencyKey: key,
    state: "claimed",
    runId: run.runId,
    target: target.type,
    claimedAt: deps.now(),
  };
  let revision: number;
  try {
    revision =
      existing === undefined
        ? await deps.ledger.create(key, claim)
        : await deps.ledger.update(key, claim, existing.revision);
  } catch (err) {
    if (!deps.isConflict(err)) throw err;
    throw new RetryableProviderError(
      ErrorCodes.targetError,
      "the delivery was claimed concurrently",
      1_000,
    );
  }

  const delivered = await target.deliver(exportPayloadOf(run), key, signal);
  const entry: LedgerEntry = {
    ...claim,
    state: "delivered",
    deliveredAt: deps.now(),
    ...(delivered.externalId === undefined ? {} : { externalId: delivered.externalId }),
  };
  try {
    await deps.ledger.update(key, entry, revision);
  } catch (err) {
    // Someone completed it meanwhile (a stale-claim takeover): theirs is the record.
    if (!deps.isConflict(err)) throw err;
  }
  return fromLedger(entry);
}

function isStale(deps: DeliverOnceDeps, entry: LedgerEntry): boolean {
  return Date.parse(deps.now()) - Date.parse(entry.claimedAt) > deps.staleClaimMs;
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
