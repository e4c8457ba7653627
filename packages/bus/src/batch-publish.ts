// Batched JSON publishing: items published to one subject in the same turn of the event loop
// (or until a batch is full) go out as one message `{"<field>":[…]}`. One publish, one stored
// message, one delivery and one ack for many items: per-message costs dominate small payloads
// on JetStream (NATS-NOTES). Each caller's promise settles when the message carrying its item
// is stored, so "stored before acting on it" holds per item exactly as with single publishes.
import { hash } from "node:crypto";
import type { Bus } from "./connect";
import { createLimiter } from "./limiter";
import { publishBytes } from "./publish";

export interface BatchPublisherOptions {
  /** The array member of a batch message, e.g. `results`. */
  field: string;
  /** Most items per message (default 64). */
  maxItems?: number;
  /** Largest batch message in bytes, well under nats-server's 1 MB max_payload (default 256 KiB). */
  maxBytes?: number;
  /** Messages awaiting their ack at once (default 64). */
  maxInFlight?: number;
  /** How long to keep retrying a message's transient failures (default 30 s). */
  deadlineMs?: number;
}

export interface BatchPublisher {
  /**
   * Queues an item the caller already validated. `msgId` is the item's own dedupe key: an item
   * that travels alone keeps it; a batch's id is derived from the ids of all its items.
   */
  publish(subject: string, item: unknown, msgId: string): Promise<void>;
  /** Sends what is queued and waits until every message sent so far has settled. */
  flush(): Promise<void>;
}

interface Pending {
  parts: string[];
  ids: string[];
  bytes: number;
  settle: Array<{ resolve: () => void; reject: (err: unknown) => void }>;
}

const encoder = new TextEncoder();

export function createBatchPublisher(bus: Bus, options: BatchPublisherOptions): BatchPublisher {
  const maxItems = Math.max(1, options.maxItems ?? 64);
  const maxBytes = options.maxBytes ?? 256 * 1024;
  const limiter = createLimiter(options.maxInFlight ?? 64);
  const head = `{${JSON.stringify(options.field)}:[`;
  const open = new Map<string, Pending>();
  const sending = new Set<Promise<void>>();
  let scheduled = false;

  function send(subject: string): void {
    const batch = open.get(subject);
    if (batch === undefined) return;
    open.delete(subject);
    const single = batch.parts.length === 1;
    const data = encoder.encode(single ? batch.parts[0] : `${head}${batch.parts.join(",")}]}`);
    const msgId = single
      ? (batch.ids[0] as string)
      : `batch:${hash("sha256", batch.ids.join("\n"), "base64url")}`;
    const done = (async () => {
      await limiter.acquire();
      try {
        await publishBytes(bus, subject, data, {
          msgId,
          ...(options.deadlineMs === undefined ? {} : { deadlineMs: options.deadlineMs }),
        });
        for (const s of batch.settle) s.resolve();
      } catch (err) {
        for (const s of batch.settle) s.reject(err);
      } finally {
        limiter.release();
      }
    })();
    sending.add(done);
    void done.then(() => sending.delete(done));
  }

  function sendAll(): void {
    scheduled = false;
    for (const subject of [...open.keys()]) send(subject);
  }

  return {
    publish(subject, item, msgId) {
      const part = JSON.stringify(item);
      let batch = open.get(subject);
      if (batch !== undefined && batch.bytes + part.length > maxBytes) {
        send(subject);
        batch = undefined;
      }
      if (batch === undefined) {
        batch = { parts: [], ids: [], bytes: head.length + 2, settle: [] };
        open.set(subject, batch);
      }
      const target = batch;
      target.parts.push(part);
      target.ids.push(msgId);
      // UTF-16 units, not bytes: at most 3x off, still well under max_payload at the default.
      target.bytes += part.length + 1;
      const stored = new Promise<void>((resolve, reject) =>
        target.settle.push({ resolve, reject }),
      );
      if (target.parts.length >= maxItems) send(subject);
      else if (!scheduled) {
        // Whatever else is published in this turn of the event loop joins the batch.
        scheduled = true;
        setImmediate(sendAll);
      }
      return stored;
    },
    async flush() {
      sendAll();
      while (sending.size > 0) await Promise.all([...sending]);
    },
  };
}
