// The stack runner's only environment reader (ARCHITECTURE §7).
import { parseEnv } from "@studio/runtime";
import { z } from "zod";

const ConfigSchema = z.object({
  /** Use this NATS server; unset → spawn an embedded `nats-server -js` under the data dir. */
  NATS_URL: z.preprocess((v) => (v === "" ? undefined : v), z.string().optional()),
  STUDIO_PORT: z.coerce.number().int().min(0).max(65_535).default(8787),
  STUDIO_HOST: z.string().default("127.0.0.1"),
  STUDIO_DATA_DIR: z.string().default(".data"),
  /** The demo workspace's API token; random when unset. */
  STUDIO_DEMO_TOKEN: z.string().min(16).optional(),
  LOG_LEVEL: z.string().default("info"),
});
export type StackConfig = z.infer<typeof ConfigSchema>;

export function readConfig(env: NodeJS.ProcessEnv = process.env): StackConfig {
  return parseEnv(ConfigSchema, env);
}
