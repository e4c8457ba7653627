// The gateway's only reader of process.env: parsed once at start-up, failing fast when wrong.
import { parseEnv } from "@studio/runtime";
import { z } from "zod";

const MB = 1024 * 1024;

const EnvSchema = z.object({
  NATS_URL: z.string().min(1).default("nats://127.0.0.1:4222"),
  STUDIO_PORT: z.coerce.number().int().min(0).max(65_535).default(8787),
  STUDIO_HOST: z.string().min(1).default("127.0.0.1"),
  STUDIO_DEMO_WORKSPACE: z.string().min(1).default("demo"),
  STUDIO_DEMO_CAMPAIGN: z.string().min(1).default("demo-campaign"),
  /** Requests per second per token and gateway process, unless the token record says otherwise. */
  STUDIO_RATE_LIMIT: z.coerce.number().int().min(1).default(20_000),
  STUDIO_JSON_BODY_LIMIT: z.coerce
    .number()
    .int()
    .min(1_024)
    .default(5 * MB),
  STUDIO_CSV_BODY_LIMIT: z.coerce
    .number()
    .int()
    .min(1_024)
    .default(20 * MB),
  /** A campaign view nobody has used for this long is closed (its watchers released). */
  STUDIO_VIEW_IDLE_MS: z.coerce
    .number()
    .int()
    .min(100)
    .default(5 * 60_000),
  STUDIO_SSE_PING_MS: z.coerce.number().int().min(100).default(15_000),
  /** A request still waiting on the bus after this long answers 503. */
  STUDIO_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  /**
   * A command on a row with commands of this process still pending at the orchestrator waits
   * up to this long for them to be processed, then is judged against their predicted outcome.
   */
  STUDIO_SETTLE_MS: z.coerce.number().int().min(0).max(5_000).default(1_000),
});

export interface GatewayConfig {
  natsUrl: string;
  port: number;
  host: string;
  demo: { workspaceId: string; campaignId: string };
  rateLimitPerSecond: number;
  bodyLimits: { json: number; csv: number };
  viewIdleMs: number;
  ssePingMs: number;
  requestTimeoutMs: number;
  settleMs: number;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const e = parseEnv(EnvSchema, env);
  return {
    natsUrl: e.NATS_URL,
    port: e.STUDIO_PORT,
    host: e.STUDIO_HOST,
    demo: { workspaceId: e.STUDIO_DEMO_WORKSPACE, campaignId: e.STUDIO_DEMO_CAMPAIGN },
    rateLimitPerSecond: e.STUDIO_RATE_LIMIT,
    bodyLimits: { json: e.STUDIO_JSON_BODY_LIMIT, csv: e.STUDIO_CSV_BODY_LIMIT },
    viewIdleMs: e.STUDIO_VIEW_IDLE_MS,
    ssePingMs: e.STUDIO_SSE_PING_MS,
    requestTimeoutMs: e.STUDIO_REQUEST_TIMEOUT_MS,
    settleMs: e.STUDIO_SETTLE_MS,
  };
}

/** Defaults for tests and embedders that build the config in code. */
export function defaultConfig(overrides: Partial<GatewayConfig> = {}): GatewayConfig {
  return { ...loadConfig({}), ...overrides };
}
