// `token create`: issues an API token straight on the bus (admin task, no gateway needed).
import { issueToken } from "@studio/admin";
import { type Bus, connectBus, provisionBus } from "@studio/bus";
import { IdSchema } from "@studio/contracts";
import { parseCommandArgs } from "../args";
import type { Command } from "../command";
import { CliError, UsageError } from "../errors";

const NAME = "token create";
const CONNECT_TIMEOUT_MS = 5_000;

const options = {
  workspace: { type: "string" },
  user: { type: "string" },
  "workspace-name": { type: "string" },
  "user-name": { type: "string" },
} as const;

function id(flag: string, value: string | undefined): string {
  if (value === undefined) throw new UsageError(`--${flag} is required`, NAME);
  const parsed = IdSchema.safeParse(value);
  if (!parsed.success) {
    throw new UsageError(`--${flag} ${parsed.error.issues[0]?.message ?? "is invalid"}`, NAME);
  }
  return parsed.data;
}

/** connectBus retries forever on the first connect; a CLI gives up and says where it looked. */
async function connectWithin(servers: string, ms: number): Promise<Bus> {
  let timedOut = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      timedOut = true;
      reject(new CliError(`cannot reach NATS at ${servers} (no answer within ${ms} ms)`));
    }, ms);
  });
  const connecting = connectBus({ servers, name: "studio-cli" });
  // A connection that completes after the timeout is closed, never leaked.
  connecting.then((bus) => (timedOut ? bus.close() : undefined)).catch(() => {});
  try {
    return await Promise.race([connecting, timeout]);
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(`cannot reach NATS at ${servers} (${String(e)})`, [], { cause: e });
  } finally {
    clearTimeout(timer);
  }
}

export const tokenCreate: Command = {
  name: NAME,
  summary: "create an API token for a user of a workspace (talks to NATS)",
  help: `Usage: pnpm studio token create --workspace ID --user ID [options]

Creates an API token and prints it (only the token, on one line). The token is
shown once: only its SHA-256 hash is stored, in the studio_tokens bucket.

Options:
  --workspace ID         workspace id (letters, digits, '_' and '-')
  --user ID              user id
  --workspace-name NAME  display name of the workspace (default: the id)
  --user-name NAME       display name of the user (default: the id)

Environment:
  NATS_URL               NATS server (default nats://127.0.0.1:4222)`,

  async run(argv, ctx) {
    const { values } = parseCommandArgs(NAME, argv, options, []);
    const workspace = id("workspace", values.workspace);
    const user = id("user", values.user);
    const servers = ctx.config().NATS_URL;
    const bus = await connectWithin(servers, CONNECT_TIMEOUT_MS);
    try {
      await provisionBus(bus);
      const token = await issueToken(bus, {
        workspace: { id: workspace, name: values["workspace-name"] ?? workspace },
        user: { id: user, name: values["user-name"] ?? user },
      });
      ctx.io.out(token);
      return 0;
    } finally {
      await bus.close();
    }
  },
};
