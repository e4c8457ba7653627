// Picks the command from argv, prints help, and maps every outcome to output and an exit code.
import type { Command, CommandContext } from "./command";
import { commands } from "./commands/index";
import { describeError, ExitCodes, UsageError } from "./errors";

const wordsOf = (c: Command) => c.name.split(" ");

function toolHelp(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  const rows = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return `Usage: pnpm studio <command> [options]

The command-line client of Prospect Studio: admin tasks over NATS, the rest
through the gateway's API.

Commands:
${rows.join("\n")}

Run 'pnpm studio <command> --help' for a command's options.
Exit codes: 0 success, 1 failure, 2 usage error.`;
}

function groupHelp(group: string, members: Command[]): string {
  const rows = members.map((c) => `  ${c.name}  ${c.summary}`);
  return `Usage: pnpm studio ${group} <command> [options]\n\nCommands:\n${rows.join("\n")}`;
}

/** Options after `--` are arguments, not flags. */
function wantsHelp(argv: string[]): boolean {
  const end = argv.indexOf("--");
  return (end === -1 ? argv : argv.slice(0, end)).some((a) => a === "--help" || a === "-h");
}

function findCommand(argv: string[]): { command: Command; rest: string[] } | undefined {
  for (const command of commands) {
    const words = wordsOf(command);
    if (words.every((w, i) => argv[i] === w)) return { command, rest: argv.slice(words.length) };
  }
  return undefined;
}

async function dispatch(argv: string[], ctx: CommandContext): Promise<number> {
  const first = argv[0];
  if (first === undefined) {
    ctx.io.err(toolHelp());
    return ExitCodes.usage;
  }
  if (first === "--help" || first === "-h" || first === "help") {
    const topic = argv.slice(1);
    const found = topic.length > 0 ? findCommand(topic) : undefined;
    if (topic.length > 0 && !found) return dispatch([...topic, "--help"], ctx);
    ctx.io.out(found ? found.command.help : toolHelp());
    return ExitCodes.ok;
  }
  const found = findCommand(argv);
  if (found) {
    if (wantsHelp(found.rest)) {
      ctx.io.out(found.command.help);
      return ExitCodes.ok;
    }
    return found.command.run(found.rest, ctx);
  }
  const members = commands.filter((c) => wordsOf(c).length > 1 && wordsOf(c)[0] === first);
  if (members.length > 0) {
    const sub = argv[1];
    if (sub === undefined || sub.startsWith("-")) {
      if (wantsHelp(argv)) {
        ctx.io.out(groupHelp(first, members));
        return ExitCodes.ok;
      }
      throw new UsageError(`'${first}' needs a command: ${members.map((c) => c.name).join(", ")}`);
    }
    throw new UsageError(
      `unknown command '${first} ${sub}'; try: ${members.map((c) => c.name).join(", ")}`,
    );
  }
  throw new UsageError(`unknown command '${first}'; run 'pnpm studio --help' for the list`);
}

/** Runs the CLI; never throws. Expected errors print without a stack trace. */
export async function runCli(argv: string[], ctx: CommandContext): Promise<number> {
  try {
    return await dispatch(argv, ctx);
  } catch (e) {
    const { lines, exitCode } = describeError(e);
    for (const line of lines) ctx.io.err(line);
    return exitCode;
  }
}
