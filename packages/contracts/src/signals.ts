// Insight signals: dated events about a company (news, funding, hiring, job changes, tech
// stack) keyed by domain. A campaign's set lives in `studio_signals`; the insight step ranks them.
import { z } from "zod";
import { TimestampSchema } from "./ids";

export const SignalKinds = ["news", "funding", "hiring", "job_change", "tech_stack"] as const;
export type SignalKind = (typeof SignalKinds)[number];

/** Lower-cased bare host: `https://www.Acme.io/x` → `acme.io`. */
export function normalizeDomain(value: string): string {
  return value
    .trim()
    .toLowerCase()
    .replace(/^[a-z]+:\/\//, "")
    .replace(/^www\./, "")
    .replace(/[/?#:].*$/, "");
}

export const SignalSchema = z.strictObject({
  domain: z
    .string()
    .min(3)
    .max(253)
    .transform(normalizeDomain)
    .refine((d) => /^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(d), "must be a domain such as acme.io"),
  kind: z.enum(SignalKinds),
  title: z.string().trim().min(1).max(300),
  detail: z.string().trim().max(2_000).default(""),
  date: z
    .string()
    .trim()
    .refine((d) => /^\d{4}-\d{2}-\d{2}/.test(d) && !Number.isNaN(Date.parse(d)), {
      message: "must be a date such as 2026-05-01",
    }),
  sourceUrl: z
    .url({ protocol: /^https?$/ })
    .max(2_000)
    .optional(),
});
export type Signal = z.infer<typeof SignalSchema>;
export type SignalInput = z.input<typeof SignalSchema>;

/** At most this many signals per campaign: one KV value stays well under NATS' 1 MB payload. */
export const MAX_SIGNALS = 2_000;

/** Value of `studio_signals` `<workspace>.<campaign>`. */
export const SignalSetSchema = z.strictObject({
  signals: z.array(SignalSchema).max(MAX_SIGNALS),
  /** Absent only in the answer for a campaign that has no signals yet. */
  updatedAt: TimestampSchema.optional(),
});
export type SignalSet = z.infer<typeof SignalSetSchema>;
