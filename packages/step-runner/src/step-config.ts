// Environment of a step service (insight, content, export): parsed once at start-up.
import type { LimitedService, RateLimiterOptions } from "@studio/providers";
import { parseEnv } from "@studio/runtime";
import { z } from "zod";

/** `<requests per second>/<in flight>`, e.g. `10/4`. */
const LimitSchema = z
  .string()
  .regex(/^\d+(\.\d+)?\/\d+$/, "must look like 10/4 (requests per second / in flight)")
  .transform((v) => {
    const [rate, inFlight] = v.split("/");
    return { ratePerSecond: Number(rate), maxInFlight: Number(inFlight) };
  })
  .refine((l) => l.ratePerSecond > 0 && l.maxInFlight >= 1, "both numbers must be positive")
  .optional();

const StepConfigSchema = z.object({
  NATS_URL: z.string().default("nats://127.0.0.1:4222"),
  STUDIO_DATA_DIR: z.string().default(".data"),
  /** Runs in flight per process. */
  STUDIO_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(4096).default(256),
  STUDIO_LLM_BASE_URL: z.string().url().optional(),
  STUDIO_LLM_API_KEY: z.string().optional(),
  STUDIO_LLM_MODEL: z.string().default("gpt-4o-mini"),
  /** Per-process limits for each external service; work beyond them waits (SPEC rule 6). */
  STUDIO_LIMIT_LLM: LimitSchema,
  STUDIO_LIMIT_WEBHOOK: LimitSchema,
  STUDIO_LIMIT_HUBSPOT: LimitSchema,
  LOG_LEVEL: z.string().default("info"),
});

export interface StepServiceConfig {
  natsUrl: string;
  dataDir: string;
  concurrency: number;
  llm?: { baseUrl: string; apiKey?: string; model: string };
  /** STUDIO_SECRET_<NAME> lookups; secrets never leave this function's closure. */
  secret(name: string): string | undefined;
  limits: Partial<Record<LimitedService, RateLimiterOptions>>;
  logLevel: string;
}

export function readStepConfig(env: NodeJS.ProcessEnv = process.env): StepServiceConfig {
  const c = parseEnv(StepConfigSchema, env);
  return {
    natsUrl: c.NATS_URL,
    dataDir: c.STUDIO_DATA_DIR,
    concurrency: c.STUDIO_WORKER_CONCURRENCY,
    ...(c.STUDIO_LLM_BASE_URL === undefined
      ? {}
      : {
          llm: {
            baseUrl: c.STUDIO_LLM_BASE_URL,
            model: c.STUDIO_LLM_MODEL,
            ...(c.STUDIO_LLM_API_KEY === undefined ? {} : { apiKey: c.STUDIO_LLM_API_KEY }),
          },
        }),
    secret: (name) => env[`STUDIO_SECRET_${name}`],
    limits: {
      ...(c.STUDIO_LIMIT_LLM === undefined ? {} : { llm: c.STUDIO_LIMIT_LLM }),
      ...(c.STUDIO_LIMIT_WEBHOOK === undefined ? {} : { webhook: c.STUDIO_LIMIT_WEBHOOK }),
      ...(c.STUDIO_LIMIT_HUBSPOT === undefined ? {} : { hubspot: c.STUDIO_LIMIT_HUBSPOT }),
    },
    logLevel: c.LOG_LEVEL,
  };
}
