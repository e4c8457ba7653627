// Failures the CLI expects and explains: bad usage (exit 2) and failed operations (exit 1).
import { isNetworkError, isStudioApiError } from "@studio/client";
import { ConfigError } from "@studio/runtime";

export const ExitCodes = { ok: 0, failure: 1, usage: 2 } as const;

/** The command line itself is wrong; the message says how, the command's help says more. */
export class UsageError extends Error {
  override readonly name = "UsageError";
  readonly code = "usage";
  constructor(
    message: string,
    readonly command?: string,
  ) {
    super(message);
  }
}

/** An operation failed for a reason the user can act on; `lines` add detail below the message. */
export class CliError extends Error {
  override readonly name = "CliError";
  readonly code = "failure";
  constructor(
    message: string,
    readonly lines: string[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isUsageError(e: unknown): e is UsageError {
  return e instanceof UsageError;
}

export function isCliError(e: unknown): e is CliError {
  return e instanceof CliError;
}

/** Lines to print for an error and the exit code; unexpected errors keep their stack. */
export function describeError(e: unknown): { lines: string[]; exitCode: number } {
  if (isUsageError(e)) {
    const hint = e.command ? `run 'pnpm studio ${e.command} --help' for usage` : "";
    return {
      lines: [`error: ${e.message}`, ...(hint ? [hint] : [])],
      exitCode: ExitCodes.usage,
    };
  }
  if (isCliError(e)) {
    return { lines: [`error: ${e.message}`, ...e.lines.map((l) => `  ${l}`)], exitCode: 1 };
  }
  if (e instanceof ConfigError) {
    return { lines: [`error: ${e.message}`], exitCode: ExitCodes.usage };
  }
  if (isStudioApiError(e)) {
    const lines = [`error: ${e.detail} (HTTP ${e.status}${e.title ? ` ${e.title}` : ""})`];
    for (const f of e.errors ?? []) lines.push(`  ${f.path || "(body)"}: ${f.message}`);
    if (e.status === 401) lines.push("check the token (--token or STUDIO_TOKEN)");
    if (e.retryAfter !== undefined) lines.push(`retry after ${e.retryAfter} s`);
    return { lines, exitCode: ExitCodes.failure };
  }
  if (isNetworkError(e)) {
    return { lines: [`error: cannot reach the gateway (${e.message})`], exitCode: 1 };
  }
  const text = e instanceof Error ? (e.stack ?? e.message) : String(e);
  return { lines: [`unexpected error: ${text}`], exitCode: ExitCodes.failure };
}
