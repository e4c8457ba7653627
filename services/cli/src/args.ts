// `util.parseArgs` with usage errors instead of TypeErrors, plus small value parsers.
import { type ParseArgsConfig, parseArgs } from "node:util";
import { UsageError } from "./errors";

type Options = NonNullable<ParseArgsConfig["options"]>;

/** Parses one command's arguments; unknown options and wrong positionals are usage errors. */
export function parseCommandArgs<O extends Options>(
  command: string,
  argv: string[],
  options: O,
  positionals: readonly string[],
) {
  const parsed = tryParse(command, argv, options);
  const given = parsed.positionals;
  if (given.length < positionals.length) {
    const missing = positionals.slice(given.length).join(" ");
    throw new UsageError(`missing ${missing}`, command);
  }
  if (given.length > positionals.length) {
    throw new UsageError(`unexpected argument '${given[positionals.length]}'`, command);
  }
  return { values: parsed.values, positionals: given };
}

function tryParse<O extends Options>(command: string, argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e), command);
  }
}

/** `a,b, c` → ["a", "b", "c"]; empty items dropped. */
export function parseList(value: string): string[] {
  return value
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

export function parsePositiveInt(command: string, flag: string, value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < 1) {
    throw new UsageError(`--${flag} must be a positive integer, got '${value}'`, command);
  }
  return n;
}

/** The first positional, which parseCommandArgs guarantees is present. */
export function positional(values: string[], index: number): string {
  const v = values[index];
  if (v === undefined) throw new UsageError("missing argument");
  return v;
}
