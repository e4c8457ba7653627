// A minimal SSE reader for tests: real fetch, frames parsed as they arrive, waits by predicate.
export interface SseEvent {
  id?: string;
  event: string;
  data: string;
}

export interface SseConnection {
  status: number;
  events: SseEvent[];
  /** Raw text received so far (comments such as `: ping` included). */
  raw(): string;
  next(predicate: (e: SseEvent) => boolean, timeoutMs?: number): Promise<SseEvent>;
  close(): void;
  closed: Promise<void>;
}

export async function openSse(
  url: string,
  options: { token?: string; lastEventId?: string } = {},
): Promise<SseConnection> {
  const controller = new AbortController();
  const headers: Record<string, string> = { accept: "text/event-stream" };
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  if (options.lastEventId !== undefined) headers["last-event-id"] = options.lastEventId;
  const res = await fetch(url, { headers, signal: controller.signal });
  const events: SseEvent[] = [];
  const waiters = new Set<() => void>();
  let text = "";
  let buffer = "";
  let lastId: string | undefined;
  const decoder = new TextDecoder();
  const closed = (async () => {
    if (res.body === null) return;
    try {
      for await (const chunk of res.body) {
        const s = decoder.decode(chunk as Uint8Array, { stream: true });
        text += s;
        buffer += s;
        let end = buffer.indexOf("\n\n");
        while (end !== -1) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          end = buffer.indexOf("\n\n");
          let event = "message";
          const data: string[] = [];
          let sawField = false;
          for (const line of frame.split("\n")) {
            if (line.startsWith(":")) continue;
            const i = line.indexOf(":");
            const field = i === -1 ? line : line.slice(0, i);
            const value = i === -1 ? "" : line.slice(i + 1).replace(/^ /, "");
            if (field === "id") lastId = value;
            else if (field === "event") event = value;
            else if (field === "data") data.push(value);
            else continue;
            sawField = true;
          }
          if (!sawField || data.length === 0) continue;
          events.push({
            ...(lastId === undefined ? {} : { id: lastId }),
            event,
            data: data.join("\n"),
          });
          for (const w of waiters) w();
        }
      }
    } catch {
      // Aborted by close(): the test is done with this stream.
    }
  })();
  return {
    status: res.status,
    events,
    raw: () => text,
    next(predicate, timeoutMs = 5_000) {
      return new Promise((resolve, reject) => {
        let seen = 0;
        const check = () => {
          for (; seen < events.length; seen++) {
            const e = events[seen] as SseEvent;
            if (predicate(e)) {
              waiters.delete(check);
              clearTimeout(timer);
              resolve(e);
              return;
            }
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(
              `no matching event within ${timeoutMs} ms; got ${events.map((e) => e.event).join(",")}`,
            ),
          );
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close: () => controller.abort(),
    closed,
  };
}
