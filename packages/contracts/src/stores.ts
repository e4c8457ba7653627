// Values of the smaller KV buckets: tokens, the export ledger, idempotent request answers.
import { z } from "zod";
import { IdSchema, TimestampSchema } from "./ids";

/** `studio_tokens`, keyed by the token's SHA-256 (the token itself is never stored). */
export const TokenRecordSchema = z.strictObject({
  workspace: z.strictObject({ id: IdSchema, name: z.string().min(1).max(200) }),
  user: z.strictObject({ id: IdSchema, name: z.string().min(1).max(200) }),
  createdAt: TimestampSchema,
  /** Requests per second allowed for this token (per gateway process). */
  rateLimit: z.number().int().min(1).max(1_000_000).optional(),
});
export type TokenRecord = z.infer<typeof TokenRecordSchema>;

/**
 * `studio_exports`: claimed before a delivery, completed after (SPEC rule 18). A claim is live
 * until `until` (the attempt's timeout plus the time a late answer is still listened for);
 * `released` means the last attempt surely did not deliver (a non-2xx answer, no late 2xx).
 */
export const LedgerEntrySchema = z.strictObject({
  idempotencyKey: z.string().min(1).max(200),
  state: z.enum(["claimed", "delivered", "released"]),
  runId: IdSchema,
  target: z.string().max(50),
  claimedAt: TimestampSchema,
  until: TimestampSchema.optional(),
  deliveredAt: TimestampSchema.optional(),
  externalId: z.string().max(500).optional(),
});
export type LedgerEntry = z.infer<typeof LedgerEntrySchema>;

/** `studio_exports`, key `gone.<hash of workspace + target>`: a target that answered 410. */
export const DisabledTargetSchema = z.strictObject({
  target: z.string().max(2_000),
  disabledAt: TimestampSchema,
  reason: z.string().max(1_000),
  runId: IdSchema,
});
export type DisabledTarget = z.infer<typeof DisabledTargetSchema>;

/** `studio_requests`: the first answer to a request id, replayed for repeats (rule 17). */
export const RequestRecordSchema = z.strictObject({
  /** Method + path the id was first used with; another request reusing it is refused. */
  fingerprint: z.string().max(1_000),
  status: z.number().int(),
  body: z.unknown(),
  at: TimestampSchema,
});
export type RequestRecord = z.infer<typeof RequestRecordSchema>;
