// Validated, deduplicated JetStream publishing. Retries are safe: the deterministic `Nats-Msg-Id`
// makes JetStream drop a second copy within the stream's duplicate window.
import type { PubAck } from "@nats-io/jetstream";
import { headers as natsHeaders } from "@nats-io/transport-node";
import { Headers } from "@studio/contracts";
import type { Bus } from "./connect";
import { InvalidPayloadError } from "./errors";
import { type RetryOptions, withRetry } from "./retry";
import { type BusSchema, encodeJson, validate } from "./schema";

export interface PublishOptions {
  /** Deterministic id (from the request id, or run id + attempt): the dedupe key. */
  msgId: string;
  requestId?: string;
  traceparent?: string;
  headers?: Record<string, string>;
  /** How long to keep retrying transient failures (default 30 s). */
  deadlineMs?: number;
  /**
   * Skip the schema check before sending (default: checked). Only for payloads this process
   * built from values it already validated: every consumer validates on receipt, so the process
   * boundary is still checked once (e.g. the orchestrator's runs, built by the engine).
   */
  trusted?: boolean;
}

export async function publishJson<T>(
  bus: Bus,
  subject: string,
  schema: BusSchema<T>,
  payload: T,
  options: PublishOptions,
): Promise<PubAck> {
  if (options.trusted !== true) {
    const checked = validate(schema, payload);
    if (!checked.ok) throw new InvalidPayloadError(subject, checked.issue);
  }
  // The payload as given (not the parsed output), so transforms in the schema stay reversible.
  return publishBytes(bus, subject, encodeJson(payload), options);
}

/** Publishes bytes the caller encoded (and validated); retried like `publishJson`. */
export function publishBytes(
  bus: Bus,
  subject: string,
  data: Uint8Array,
  options: Omit<PublishOptions, "trusted">,
): Promise<PubAck> {
  const retry: RetryOptions = { ...bus.retry, deadlineMs: options.deadlineMs ?? 30_000 };
  return withRetry(
    `publish ${subject}`,
    () => bus.js.publish(subject, data, { msgID: options.msgId, headers: buildHeaders(options) }),
    retry,
  );
}

function buildHeaders(options: PublishOptions) {
  // A fresh header set per attempt: the client adds Nats-Msg-Id to it.
  const h = natsHeaders();
  for (const [name, value] of Object.entries(options.headers ?? {})) h.set(name, value);
  if (options.requestId !== undefined) h.set(Headers.requestId, options.requestId);
  if (options.traceparent !== undefined) h.set(Headers.traceparent, options.traceparent);
  return h;
}

export interface PublisherOptions {
  /** Publishes awaiting their ack at once; 256 was the measured sweet spot (NATS-NOTES). */
  maxInFlight?: number;
}

export interface Publisher {
  /** Resolves with the ack once stored; waits for a free slot first when the window is full. */
  publish<T>(
    subject: string,
    schema: BusSchema<T>,
    payload: T,
    options: PublishOptions,
  ): Promise<PubAck>;
  /** Waits until every publish started so far has settled (errors stay on their own promises). */
  flush(): Promise<void>;
  readonly inFlight: number;
}

/** Keeps up to `maxInFlight` publishes awaiting acks: ~6x the throughput of awaiting each one. */
export function createPublisher(bus: Bus, options: PublisherOptions = {}): Publisher {
  const maxInFlight = Math.max(1, options.maxInFlight ?? 256);
  const pending = new Set<Promise<unknown>>();
  const waiters: Array<() => void> = [];
  let inFlight = 0;

  async function acquire(): Promise<void> {
    while (inFlight >= maxInFlight) await new Promise<void>((r) => waiters.push(r));
    inFlight++;
  }
  function release(): void {
    inFlight--;
    waiters.shift()?.();
  }

  return {
    get inFlight() {
      return inFlight;
    },
    publish(subject, schema, payload, publishOptions) {
      const run = (async () => {
        await acquire();
        try {
          return await publishJson(bus, subject, schema, payload, publishOptions);
        } finally {
          release();
        }
      })();
      const tracked = run.then(
        () => undefined,
        () => undefined,
      );
      pending.add(tracked);
      void tracked.then(() => pending.delete(tracked));
      return run;
    },
    async flush() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
  };
}
