// Builds the gateway client from `--gateway` / `--token` or the environment, and turns an
// unreachable gateway into a message naming the address that was tried.
import { createStudioClient, isNetworkError, type StudioClient } from "@studio/client";
import type { CommandContext } from "./command";
import { CliError, UsageError } from "./errors";

export const gatewayOptions = {
  gateway: { type: "string" },
  token: { type: "string" },
} as const;

export const gatewayHelp = `Gateway options:
  --gateway URL   gateway address (env STUDIO_GATEWAY_URL, default http://127.0.0.1:8787)
  --token TOKEN   API token (env STUDIO_TOKEN); create one with 'pnpm studio token create'`;

export interface GatewayFlags {
  gateway?: string | undefined;
  token?: string | undefined;
}

const SOCKET_ERRORS: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ECONNRESET: "connection reset",
  ENOTFOUND: "unknown host",
  EAI_AGAIN: "host lookup failed",
  ETIMEDOUT: "timed out",
  EHOSTUNREACH: "host unreachable",
};

/** The socket-level reason under fetch's generic "fetch failed", when there is one. */
export function networkReason(e: Error): string {
  let innermost = e.message;
  for (let c: unknown = e.cause; c instanceof Error; c = c.cause) {
    const code = (c as NodeJS.ErrnoException).code;
    if (code && SOCKET_ERRORS[code]) return SOCKET_ERRORS[code];
    innermost = c.message;
  }
  return innermost;
}

/** Runs `fn` with a client; a NetworkError becomes "cannot reach the gateway at URL". */
export async function withGateway<T>(
  command: string,
  flags: GatewayFlags,
  ctx: CommandContext,
  fn: (client: StudioClient) => Promise<T>,
): Promise<T> {
  const config = ctx.config();
  const baseUrl = flags.gateway ?? config.STUDIO_GATEWAY_URL;
  if (!URL.canParse(baseUrl) || !/^https?:$/.test(new URL(baseUrl).protocol)) {
    throw new UsageError(`--gateway must be an http(s) URL, got '${baseUrl}'`, command);
  }
  const token = flags.token ?? config.STUDIO_TOKEN;
  if (!token) throw new UsageError("no API token: pass --token or set STUDIO_TOKEN", command);
  const client = createStudioClient({ baseUrl, token });
  try {
    return await fn(client);
  } catch (e) {
    if (isNetworkError(e)) {
      throw new CliError(
        `cannot reach the gateway at ${client.baseUrl} (${networkReason(e)})`,
        [],
        {
          cause: e,
        },
      );
    }
    throw e;
  }
}
