// Parse a service's environment once at start-up and fail fast with a readable message.
import type { z } from "zod";

export class ConfigError extends Error {
  readonly code = "config_invalid";
  constructor(readonly issues: string[]) {
    super(`invalid configuration:\n  ${issues.join("\n  ")}`);
    this.name = "ConfigError";
  }
}

export function parseEnv<T extends z.ZodType>(
  schema: T,
  env: NodeJS.ProcessEnv = process.env,
): z.infer<T> {
  const parsed = schema.safeParse(env);
  if (parsed.success) return parsed.data;
  throw new ConfigError(
    parsed.error.issues.map((i) => `${i.path.join(".") || "(env)"}: ${i.message}`),
  );
}
