// The answer of every command the UI sends to the background: never a silent drop.
export type CommandError = {
  /** offline: the gateway could not be reached, nothing was sent. refused: 4xx from the gateway. */
  kind: "offline" | "refused" | "unconfigured" | "error";
  status?: number;
  code?: string;
  message: string;
  errors?: Array<{ path: string; message: string }>;
};

export type CommandResult<T> = { ok: true; value: T } | { ok: false; error: CommandError };

export const ok = <T>(value: T): CommandResult<T> => ({ ok: true, value });
export const fail = <T = never>(error: CommandError): CommandResult<T> => ({ ok: false, error });
