// Typed consumption of a durable pull consumer: each message validated (invalid ones terminated,
// never redelivered), then handed over in batches (consumeBatches) or one by one (consumeEach).
import type { DeliveryInfo, JsMsg } from "@nats-io/jetstream";
import type { Bus } from "./connect";
import { createLimiter } from "./limiter";
import { type BusLogger, errorFields } from "./logger";
import { startPullLoop } from "./pull-loop";
import { type BusSchema, type Decoded, decodeJson } from "./schema";

export interface ConsumeOptions<T> {
  stream: string;
  consumer: string;
  schema: BusSchema<T>;
  /** Pull buffer size (default 256). */
  maxMessages?: number;
  log?: BusLogger;
  /** Delay before a message whose handler failed comes back (default 1 s). */
  nakDelayMs?: number;
}

export interface ConsumeBatchesOptions<T> extends ConsumeOptions<T> {
  /** Largest batch handed to the handler (default 64). */
  maxBatch?: number;
  /** Oldest a batch may get before it is handed over even if more messages are buffered. */
  maxWaitMs?: number;
}

export interface ConsumeEachOptions<T> extends ConsumeOptions<T> {
  /** Handlers in flight at once (default 16). */
  concurrency?: number;
}

export interface Delivery<T> {
  data: T;
  msg: JsMsg;
  info: DeliveryInfo;
}

export interface Consumption {
  /** Stops pulling, lets handlers in flight finish, hands buffered messages back. */
  stop(): Promise<void>;
  readonly closed: Promise<void>;
}

/** Decodes a message, or terminates it: a payload that fails its schema will never pass later. */
export function decodeOrTerm<T>(msg: JsMsg, schema: BusSchema<T>, log: BusLogger): Decoded<T> {
  const decoded = decodeJson(schema, msg.data);
  if (!decoded.ok) {
    log.error(
      { subject: msg.subject, seq: msg.seq, issue: decoded.issue },
      "invalid bus message terminated",
    );
    // No reason text: nats-server 2.9 only recognises a bare "+TERM" and ignores "+TERM reason".
    msg.term();
  }
  return decoded;
}

/**
 * Calls `handler` with batches of valid messages: up to `maxBatch`, or whatever is buffered when
 * the pull buffer runs dry, or the batch is `maxWaitMs` old. The handler acks (ack is cheap on a
 * limits stream, ~46k+/s); if it throws, every message it did not settle is nak'ed with a delay.
 * Batches are handled one at a time, which is also what bounds the pulls.
 */
export function consumeBatches<T>(
  bus: Bus,
  options: ConsumeBatchesOptions<T>,
  handler: (batch: Delivery<T>[]) => Promise<void>,
): Consumption {
  const log = options.log ?? bus.log;
  const maxBatch = Math.max(1, options.maxBatch ?? 64);
  const maxWaitMs = options.maxWaitMs ?? 50;
  const nakDelayMs = options.nakDelayMs ?? 1000;
  let batch: Delivery<T>[] = [];
  let startedAt = 0;

  async function flush(): Promise<void> {
    const items = batch;
    batch = [];
    try {
      await handler(items);
    } catch (err) {
      log.error(
        {
          stream: options.stream,
          consumer: options.consumer,
          size: items.length,
          ...errorFields(err),
        },
        "batch handler failed, messages nak'ed",
      );
      // nak after an ack is a no-op in the client, so settled messages stay settled.
      for (const item of items) item.msg.nak(nakDelayMs);
    }
  }

  const loop = startPullLoop(
    bus,
    {
      stream: options.stream,
      consumer: options.consumer,
      maxMessages: options.maxMessages ?? 256,
      log,
    },
    async (msg, buffered) => {
      const decoded = decodeOrTerm(msg, options.schema, log);
      if (decoded.ok) {
        if (batch.length === 0) startedAt = Date.now();
        batch.push({ data: decoded.data, msg, info: msg.info });
      }
      const due = buffered === 0 || batch.length >= maxBatch || Date.now() - startedAt >= maxWaitMs;
      if (batch.length > 0 && due) await flush();
    },
  );
  return {
    closed: loop.closed,
    async stop() {
      await loop.stop();
      if (batch.length > 0) await flush();
    },
  };
}

/**
 * Calls `handler` for each valid message with at most `concurrency` in flight. The message is
 * acked when the handler resolves (unless it settled it itself) and nak'ed with a delay if it throws.
 */
export function consumeEach<T>(
  bus: Bus,
  options: ConsumeEachOptions<T>,
  handler: (delivery: Delivery<T>) => Promise<void>,
): Consumption {
  const log = options.log ?? bus.log;
  const nakDelayMs = options.nakDelayMs ?? 1000;
  const limiter = createLimiter(options.concurrency ?? 16);

  async function handle(delivery: Delivery<T>): Promise<void> {
    try {
      await handler(delivery);
      delivery.msg.ack();
    } catch (err) {
      log.error(
        { subject: delivery.msg.subject, seq: delivery.msg.seq, ...errorFields(err) },
        "handler failed, message nak'ed",
      );
      delivery.msg.nak(nakDelayMs);
    } finally {
      limiter.release();
    }
  }

  const loop = startPullLoop(
    bus,
    {
      stream: options.stream,
      consumer: options.consumer,
      maxMessages: options.maxMessages ?? 256,
      log,
    },
    async (msg) => {
      const decoded = decodeOrTerm(msg, options.schema, log);
      if (!decoded.ok) return;
      // Awaiting a slot here is the back-pressure: the loop stops pulling while handlers are busy.
      await limiter.acquire();
      void handle({ data: decoded.data, msg, info: msg.info });
    },
  );
  return {
    closed: loop.closed,
    async stop() {
      await loop.stop();
      await limiter.idle();
    },
  };
}
