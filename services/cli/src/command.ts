// What every command module exports, and what a command is given to run.
import type { CliConfig } from "./config";

export interface Io {
  out(line: string): void;
  err(line: string): void;
}

export interface CommandContext {
  io: Io;
  /** The environment, parsed on first use (so `--help` never depends on it). */
  config(): CliConfig;
  /** Aborted on Ctrl-C / SIGTERM. */
  signal: AbortSignal;
}

export interface Command {
  /** Words that select it, e.g. `token create`. */
  name: string;
  summary: string;
  /** Full help text, printed by `--help`. */
  help: string;
  /** Resolves to the exit code; expected failures throw UsageError / CliError. */
  run(argv: string[], ctx: CommandContext): Promise<number>;
}
