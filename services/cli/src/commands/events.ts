// `events CAMPAIGN`: tails the campaign's live event stream, one line per event, until Ctrl-C.
import { isStudioApiError, type StudioClient, type StudioEvent } from "@studio/client";
import { parseCommandArgs, positional } from "../args";
import type { Command, CommandContext } from "../command";
import { gatewayHelp, gatewayOptions, networkReason, withGateway } from "../gateway";

const NAME = "events";

const options = {
  ...gatewayOptions,
  from: { type: "string" },
  json: { type: "boolean" },
} as const;

export function formatEvent(event: StudioEvent): string {
  // Snapshot events sent before any change carry no id.
  const e = { ...event, id: event.id || "-" } as StudioEvent;
  switch (e.type) {
    case "cell": {
      const c = e.data;
      const extra = c.error ? ` ${c.error.code}: ${c.error.message}` : "";
      const waiting = c.waitingFor?.length ? ` (waiting for ${c.waitingFor.join(", ")})` : "";
      return `${e.id} cell ${c.prospectId}/${c.stepId} ${c.state}${waiting}${extra} v${c.version}`;
    }
    case "prospect":
      return `${e.id} prospect ${e.data.id}${e.data.email ? ` ${e.data.email}` : ""}`;
    case "step":
      return `${e.id} step ${e.data.id} "${e.data.name}" ${e.data.autoRun ? "auto" : "manual"}`;
    case "campaign":
      return `${e.id} campaign ${e.data.id} "${e.data.name}" v${e.data.version}`;
  }
}

/** 4xx answers other than timeouts and rate limits will not heal by reconnecting. */
const isFatal = (status: number) =>
  status >= 400 && status < 500 && status !== 408 && status !== 429;

function tail(client: StudioClient, campaign: string, ctx: CommandContext, v: Flags) {
  return new Promise<void>((resolve, reject) => {
    if (ctx.signal.aborted) return resolve();
    let announced = false;
    const handle = client.openEventStream(campaign, {
      ...(v.from ? { lastEventId: v.from } : {}),
      signal: ctx.signal,
      onEvent: (e) => ctx.io.out(v.json ? JSON.stringify(e) : formatEvent(e)),
      onReset: (id) =>
        ctx.io.out(
          v.json
            ? JSON.stringify({ id, type: "reset" })
            : `${id ?? "-"} reset (history replay not possible)`,
        ),
      onStatus: (s) => {
        if (s.state === "closed") return resolve();
        if (s.state === "open" && !announced) {
          announced = true;
          ctx.io.err(`listening to campaign ${campaign} at ${client.baseUrl} (Ctrl-C to stop)`);
        }
        if (s.state !== "offline" || !s.error) return;
        if (isStudioApiError(s.error) && isFatal(s.error.status)) {
          reject(s.error);
          handle.close();
          return;
        }
        const retry = Math.max(1, Math.round((s.retryInMs ?? 0) / 1000));
        const why = isStudioApiError(s.error) ? s.error.detail : networkReason(s.error);
        ctx.io.err(
          `cannot reach the gateway at ${client.baseUrl} (${why}); retrying in ${retry} s`,
        );
      },
    });
  });
}

type Flags = { from?: string | undefined; json?: boolean | undefined };

export const events: Command = {
  name: NAME,
  summary: "tail a campaign's live events until Ctrl-C",
  help: `Usage: pnpm studio events CAMPAIGN [--from ID] [--json] [options]

Prints the campaign's events as they happen, one line per event:
  ID cell PROSPECT/STEP STATE vVERSION
  ID prospect PROSPECT EMAIL
  ID step STEP "NAME" auto|manual
  ID campaign CAMPAIGN "NAME" vVERSION
Reconnects by itself (resuming after the last event seen) until Ctrl-C.

Options:
  --from ID   start after this event id (replays what happened since)
  --json      print each event as one JSON object per line

${gatewayHelp}`,

  async run(argv, ctx) {
    const { values, positionals } = parseCommandArgs(NAME, argv, options, ["CAMPAIGN"]);
    const campaign = positional(positionals, 0);
    await withGateway(NAME, values, ctx, (client) => tail(client, campaign, ctx, values));
    return 0;
  },
};
