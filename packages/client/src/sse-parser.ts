// Incremental Server-Sent Events parser (WHATWG "event stream interpretation"), fed with text chunks.

export type SseMessage = {
  /** `event:` field, "message" when absent. */
  event: string;
  data: string;
  /** The last event id seen so far on this stream (the `id:` of this message or an earlier one). */
  lastEventId: string;
  /** True when this message carried its own `id:` line. */
  hasId: boolean;
};

export type SseParserHandlers = {
  onMessage: (msg: SseMessage) => void;
  onComment?: (text: string) => void;
  onRetry?: (ms: number) => void;
};

export type SseParser = {
  /** Feeds decoded text; lines may be split anywhere across chunks. */
  push(chunk: string): void;
  /** The last `id:` seen (kept across messages, as EventSource does). */
  readonly lastEventId: string;
};

export function createSseParser(handlers: SseParserHandlers, initialLastEventId = ""): SseParser {
  let buffer = "";
  let lastEventId = initialLastEventId;
  let eventType = "";
  let data: string[] = [];
  let hasData = false;
  let sawId = false;
  let firstChunk = true;

  function dispatch() {
    if (hasData) {
      handlers.onMessage({
        event: eventType || "message",
        data: data.join("\n"),
        lastEventId,
        hasId: sawId,
      });
    }
    eventType = "";
    data = [];
    hasData = false;
    sawId = false;
  }

  function line(l: string) {
    if (l === "") return dispatch();
    if (l.startsWith(":")) return handlers.onComment?.(l.slice(1).trimStart());
    const colon = l.indexOf(":");
    const field = colon === -1 ? l : l.slice(0, colon);
    let value = colon === -1 ? "" : l.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    switch (field) {
      case "event":
        eventType = value;
        break;
      case "data":
        data.push(value);
        hasData = true;
        break;
      case "id":
        if (!value.includes("\0")) {
          lastEventId = value;
          sawId = true;
        }
        break;
      case "retry":
        if (/^\d+$/.test(value)) handlers.onRetry?.(Number(value));
        break;
      default:
        break; // unknown fields are ignored
    }
  }

  return {
    push(chunk: string) {
      if (firstChunk && chunk.length > 0) {
        firstChunk = false;
        if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
      }
      buffer += chunk;
      let start = 0;
      for (;;) {
        let i = start;
        let end = -1;
        while (i < buffer.length) {
          const c = buffer.charCodeAt(i);
          if (c === 10 || c === 13) {
            end = i;
            break;
          }
          i++;
        }
        if (end === -1) break;
        // A CR at the very end may be the first half of CRLF: wait for more input.
        if (buffer.charCodeAt(end) === 13 && end === buffer.length - 1) break;
        line(buffer.slice(start, end));
        start =
          buffer.charCodeAt(end) === 13 && buffer.charCodeAt(end + 1) === 10 ? end + 2 : end + 1;
      }
      buffer = buffer.slice(start);
    },
    get lastEventId() {
      return lastEventId;
    },
  };
}
