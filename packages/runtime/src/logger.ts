// JSON logs, object first (pino). One logger per service, children per component.
import { pino } from "pino";

export type Logger = pino.Logger;

export function createLogger(name: string, level = process.env.LOG_LEVEL ?? "info"): Logger {
  return pino({
    name,
    level,
    // Tokens and secrets must never reach a log line.
    redact: {
      paths: ["token", "*.token", "authorization", "*.authorization", "headers.authorization"],
      censor: "[redacted]",
    },
  });
}
