// Ids are URL-safe and valid NATS subject/KV tokens, so they can be embedded in keys as-is.
import { z } from "zod";

export const IdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, "must use only letters, digits, '_' and '-'");
export type Id = z.infer<typeof IdSchema>;

export const TimestampSchema = z.iso.datetime({ offset: true });
export type Timestamp = z.infer<typeof TimestampSchema>;

/** A client request id (body `requestId` or `Idempotency-Key` header). */
export const RequestIdSchema = z.string().min(1).max(200);
