// The orchestrator's only environment reader.
import { parseEnv } from "@studio/runtime";
import { z } from "zod";

const ConfigSchema = z.object({
  NATS_URL: z.string().default("nats://127.0.0.1:4222"),
  /** Messages pulled per batch; one batch is folded per row and written once per row. */
  STUDIO_ORCH_BATCH: z.coerce.number().int().min(1).max(4096).default(512),
  /** Rows written concurrently (KV compare-and-set in flight). */
  STUDIO_ORCH_ROW_CONCURRENCY: z.coerce.number().int().min(1).max(1024).default(128),
  LOG_LEVEL: z.string().default("info"),
});
export type OrchestratorConfig = z.infer<typeof ConfigSchema>;

export function readConfig(env: NodeJS.ProcessEnv = process.env): OrchestratorConfig {
  return parseEnv(ConfigSchema, env);
}
