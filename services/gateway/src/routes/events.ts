// GET /v1/campaigns/:c/events: Server-Sent Events fanned out from the shared campaign view.
// `id:` is the studio_rows revision; Last-Event-ID resumes from the view with no gap.
import { Hono } from "hono";
import type { AuthEnv } from "../auth/tokens";
import { pathId } from "../http/respond";
import type { Services } from "../services";
import type { CampaignView } from "../views/campaign-view";

/** Beyond this many changed rows a resume costs more than a refetch: the client gets a reset. */
const MAX_REPLAY_ROWS = 20_000;
/** A client this far behind is dropped; it reconnects with Last-Event-ID and catches up. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;
const encoder = new TextEncoder();

type Start =
  | { kind: "fresh" }
  | { kind: "resume"; after: number }
  | { kind: "reset"; reason: string };

async function startOf(
  s: Services,
  view: CampaignView,
  header: string | undefined,
): Promise<Start> {
  if (header === undefined || header.trim() === "") return { kind: "fresh" };
  if (!/^\d{1,15}$/.test(header.trim())) return { kind: "reset", reason: "unknown event id" };
  const after = Number(header.trim());
  if (after > view.lastRevision) {
    // Another gateway may be a few ms ahead of this one; only an id past the stream is bogus.
    const last = await s.stores.rowsStreamLastSeq();
    if (after > last) return { kind: "reset", reason: "event id is newer than the stream" };
  }
  return { kind: "resume", after };
}

export function eventRoutes(s: Services): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();

  app.get("/campaigns/:c/events", async (c) => {
    const { workspaceId } = c.get("principal");
    const view = await s.views.get(workspaceId, pathId(c, "c", "campaign"));
    const start = await startOf(
      s,
      view,
      c.req.header("last-event-id") ?? c.req.query("lastEventId"),
    );
    const signal = c.req.raw.signal;
    let release: () => void = () => undefined;

    const body = new ReadableStream<Uint8Array>(
      {
        start(controller) {
          let done = false;
          const write = (text: string) => controller.enqueue(encoder.encode(text));
          // Everything from here to subscribe() runs synchronously: no change can fall between
          // the replay and the live feed.
          write("retry: 2000\n\n");
          let floor = 0;
          if (start.kind === "fresh") {
            write(view.definitionFrame(view.lastRevision > 0 ? view.lastRevision : undefined));
          } else if (start.kind === "reset") {
            write(view.definitionFrame());
            write(
              `id: ${view.lastRevision}\nevent: reset\ndata: ${JSON.stringify({ reason: start.reason })}\n\n`,
            );
          } else {
            write(view.definitionFrame());
            const replay = view.changesSince(start.after);
            if (replay.count > MAX_REPLAY_ROWS) {
              write(
                `id: ${view.lastRevision}\nevent: reset\ndata: {"reason":"too many changes to replay"}\n\n`,
              );
            } else if (replay.text !== "") {
              write(replay.text);
            }
            floor = start.after;
          }
          const unsubscribe = view.subscribe((chunk, revision) => {
            if (done) return;
            if (chunk === null) return release();
            if (revision !== 0 && revision <= floor) return;
            if ((controller.desiredSize ?? 0) < -MAX_BUFFERED_BYTES) return release();
            controller.enqueue(chunk);
          });
          const ping = setInterval(() => {
            if (!done) write(": ping\n\n");
          }, s.config.ssePingMs);
          s.metrics.sseClients.inc();
          release = () => {
            if (done) return;
            done = true;
            clearInterval(ping);
            unsubscribe();
            signal.removeEventListener("abort", release);
            s.metrics.sseClients.dec();
            try {
              controller.close();
            } catch {
              // Already closed or errored by the runtime: nothing left to release.
            }
          };
          if (signal.aborted) release();
          else signal.addEventListener("abort", release, { once: true });
        },
        cancel() {
          release();
        },
      },
      new ByteLengthQueuingStrategy({ highWaterMark: 64 * 1024 }),
    );

    return new Response(body, {
      status: 200,
      headers: {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-cache, no-transform",
        connection: "keep-alive",
        "x-accel-buffering": "no",
      },
    });
  });

  return app;
}
