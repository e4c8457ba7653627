// Live campaign events over fetch + ReadableStream (works in Node and in an MV3 service worker,
// where EventSource does not exist). Reconnects forever, resuming from the last seen `id:`.
import type { Campaign, Cell, Prospect, Step } from "@studio/contracts";
import { NetworkError, problemFromResponse } from "./errors";
import { createSseParser } from "./sse-parser";

export type StudioEvent =
  | { id: string; type: "cell"; data: Cell }
  | { id: string; type: "prospect"; data: Prospect }
  | { id: string; type: "step"; data: Step }
  | { id: string; type: "campaign"; data: Campaign };

export type StreamState = "connecting" | "open" | "offline" | "closed";

export type StreamStatus = {
  state: StreamState;
  /** Consecutive failed attempts since the last successful open. */
  attempt: number;
  /** Delay before the next attempt, when `offline`. */
  retryInMs?: number;
  error?: Error;
  lastEventId?: string;
};

export type EventStreamOptions = {
  /** Resume after this id (sent as `Last-Event-ID`). */
  lastEventId?: string;
  onEvent: (event: StudioEvent) => void;
  /** The server could not replay from our id: refetch state, then keep listening. */
  onReset?: (id: string | undefined) => void;
  onStatus?: (status: StreamStatus) => void;
  /** Called with every id seen, including ids of reset and unknown events. */
  onEventId?: (id: string) => void;
  signal?: AbortSignal;
  /** First reconnect delay (ms); a server `retry:` replaces it. Default 500. */
  initialDelayMs?: number;
  /** Cap of the exponential backoff (ms). Default 15000. */
  maxDelayMs?: number;
  /** No byte (not even `: ping`) for this long → reconnect. Default 45000. */
  idleTimeoutMs?: number;
};

export type EventStreamHandle = {
  close(): void;
  readonly lastEventId: string | undefined;
  readonly status: StreamStatus;
  /** Drops the current connection and reconnects now (e.g. the browser came back online). */
  reconnectNow(): void;
};

export type EventStreamTransport = {
  url: string;
  token: string;
  fetch: typeof fetch;
};

const KNOWN = new Set(["cell", "prospect", "step", "campaign"]);

export function openEventStreamWith(
  transport: EventStreamTransport,
  opts: EventStreamOptions,
): EventStreamHandle {
  let lastEventId = opts.lastEventId || undefined;
  let baseDelay = opts.initialDelayMs ?? 500;
  const maxDelay = opts.maxDelayMs ?? 15_000;
  const idleTimeout = opts.idleTimeoutMs ?? 45_000;
  let attempt = 0;
  let closed = false;
  let current: AbortController | undefined;
  let sleepTimer: ReturnType<typeof setTimeout> | undefined;
  let wakeSleep: (() => void) | undefined;
  let status: StreamStatus = { state: "connecting", attempt: 0 };

  const setStatus = (s: StreamStatus) => {
    status = lastEventId ? { ...s, lastEventId } : s;
    opts.onStatus?.(status);
  };

  const close = () => {
    if (closed) return;
    closed = true;
    current?.abort();
    if (sleepTimer) clearTimeout(sleepTimer);
    wakeSleep?.();
    setStatus({ state: "closed", attempt });
  };
  if (opts.signal) {
    if (opts.signal.aborted) closed = true;
    else opts.signal.addEventListener("abort", close, { once: true });
  }

  async function connectOnce(): Promise<void> {
    const ctrl = new AbortController();
    current = ctrl;
    const headers: Record<string, string> = {
      accept: "text/event-stream",
      authorization: `Bearer ${transport.token}`,
      "cache-control": "no-cache",
    };
    if (lastEventId) headers["last-event-id"] = lastEventId;
    let res: Response;
    try {
      res = await transport.fetch(transport.url, { headers, signal: ctrl.signal });
    } catch (e) {
      throw new NetworkError("gateway unreachable", { cause: e });
    }
    if (!res.ok) throw await problemFromResponse(res);
    if (!res.body) throw new NetworkError("event stream has no body");
    attempt = 0;
    setStatus({ state: "open", attempt: 0 });

    const parser = createSseParser(
      {
        onMessage: (m) => {
          if (m.hasId) {
            lastEventId = m.lastEventId;
            opts.onEventId?.(m.lastEventId);
          }
          if (m.event === "reset") {
            opts.onReset?.(m.hasId ? m.lastEventId : undefined);
            return;
          }
          if (!KNOWN.has(m.event)) return;
          let data: unknown;
          try {
            data = JSON.parse(m.data);
          } catch {
            return; // a malformed event is skipped; the next full object repairs the state
          }
          opts.onEvent({ id: m.lastEventId, type: m.event, data } as StudioEvent);
        },
        onRetry: (ms) => {
          baseDelay = ms;
        },
      },
      lastEventId ?? "",
    );

    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    let idleTimer: ReturnType<typeof setTimeout> | undefined;
    let idled = false;
    const armIdle = () => {
      if (idleTimer) clearTimeout(idleTimer);
      idleTimer = setTimeout(() => {
        idled = true;
        ctrl.abort();
      }, idleTimeout);
    };
    armIdle();
    try {
      for (;;) {
        let chunk: ReadableStreamReadResult<Uint8Array>;
        try {
          chunk = await reader.read();
        } catch (e) {
          if (closed) return;
          throw new NetworkError(idled ? "event stream idle" : "event stream interrupted", {
            cause: e,
          });
        }
        if (chunk.done) break;
        armIdle();
        parser.push(decoder.decode(chunk.value, { stream: true }));
      }
      throw new NetworkError("event stream ended");
    } finally {
      if (idleTimer) clearTimeout(idleTimer);
      reader.cancel().catch(() => {});
    }
  }

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      wakeSleep = resolve;
      sleepTimer = setTimeout(resolve, ms);
    }).finally(() => {
      wakeSleep = undefined;
      sleepTimer = undefined;
    });

  void (async () => {
    while (!closed) {
      setStatus({ state: "connecting", attempt });
      try {
        await connectOnce();
      } catch (e) {
        if (closed) break;
        attempt++;
        const exp = Math.min(maxDelay, baseDelay * 2 ** Math.min(attempt - 1, 16));
        const delay = Math.round(exp * (0.8 + Math.random() * 0.4));
        setStatus({
          state: "offline",
          attempt,
          retryInMs: delay,
          error: e instanceof Error ? e : new Error(String(e)),
        });
        await sleep(delay);
      }
    }
  })();

  return {
    close,
    get lastEventId() {
      return lastEventId;
    },
    get status() {
      return status;
    },
    reconnectNow() {
      if (closed) return;
      if (wakeSleep) wakeSleep();
      else current?.abort();
    },
  };
}
