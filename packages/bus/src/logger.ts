// The logging surface the bus needs; a pino logger (from @studio/runtime) fits it structurally.

export interface BusLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export const silentLogger: BusLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** Error fields worth a log line (pino would serialise `err`, but keep it explicit and small). */
export function errorFields(err: unknown): {
  err: { name: string; message: string; code?: unknown };
} {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return {
      err: { name: err.name, message: err.message, ...(code === undefined ? {} : { code }) },
    };
  }
  return { err: { name: "NonError", message: String(err) } };
}
