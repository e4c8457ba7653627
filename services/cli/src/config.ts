// The CLI's environment, read once and only here (defaults match ARCHITECTURE §7).
import { parseEnv } from "@studio/runtime";
import { z } from "zod";

const CliEnvSchema = z.object({
  NATS_URL: z.string().min(1).default("nats://127.0.0.1:4222"),
  STUDIO_GATEWAY_URL: z.url({ protocol: /^https?$/ }).default("http://127.0.0.1:8787"),
  STUDIO_TOKEN: z.string().min(1).optional(),
});
export type CliConfig = z.infer<typeof CliEnvSchema>;

/** Parsed lazily by the commands that need it, so `--help` works whatever the environment. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): CliConfig {
  return parseEnv(CliEnvSchema, env);
}
