// The pull side shared by consumeBatches, consumeEach and the worker harness: one durable consumer,
// `consume({ max_messages })`, re-attached if the iterator ever ends while we still want messages.
import type { ConsumerMessages, JsMsg } from "@nats-io/jetstream";
import type { Bus } from "./connect";
import { type BusLogger, errorFields } from "./logger";
import { backoffMs, sleep, withRetry } from "./retry";

const PULL_EXPIRES_MS = 5_000;

export interface PullLoopOptions {
  stream: string;
  consumer: string;
  /** Messages buffered client-side per pull; also the most a replica holds unacked from a pull. */
  maxMessages: number;
  log: BusLogger;
}

/** Called for each message, with how many more are already buffered (0 = buffer drained). */
export type OnMessage = (msg: JsMsg, buffered: number) => Promise<void>;

export interface PullLoop {
  /** Stops pulling; messages already buffered but not yet handled are nak'ed for other replicas. */
  stop(): Promise<void>;
  readonly stopping: boolean;
  readonly closed: Promise<void>;
}

export function startPullLoop(bus: Bus, options: PullLoopOptions, onMessage: OnMessage): PullLoop {
  const { stream, consumer, log } = options;
  let stopping = false;
  let current: ConsumerMessages | undefined;

  async function attach(): Promise<ConsumerMessages> {
    const c = await withRetry(
      `consumer ${stream}/${consumer}`,
      () => bus.js.consumers.get(stream, consumer),
      { ...bus.retry, deadlineMs: Number.POSITIVE_INFINITY, isClosed: () => stopping },
    );
    // Short-lived pull requests: one left behind by a crashed replica can still be handed
    // messages until it expires, and those come back only after ack wait (R2).
    return c.consume({ max_messages: options.maxMessages, expires: PULL_EXPIRES_MS });
  }

  async function run(): Promise<void> {
    for (let attempt = 0; !stopping; attempt++) {
      try {
        const messages = await attach();
        current = messages;
        void logStatus(messages, log, stream, consumer);
        for await (const msg of messages) {
          if (stopping) {
            // Hand it back at once instead of letting it wait out ack_wait.
            msg.nak();
            continue;
          }
          await onMessage(msg, messages.getPending());
        }
      } catch (err) {
        if (stopping || bus.nc.isClosed()) break;
        log.warn({ stream, consumer, ...errorFields(err) }, "consume failed");
      }
      if (stopping || bus.nc.isClosed()) break;
      // consume() re-attaches by itself across reconnects; this only runs if it gave up.
      log.warn({ stream, consumer }, "consume ended unexpectedly, re-attaching");
      await sleep(backoffMs(attempt));
    }
  }

  const closed = run();
  return {
    get stopping() {
      return stopping;
    },
    closed,
    async stop() {
      stopping = true;
      await current?.close();
      await closed;
    },
  };
}

async function logStatus(
  messages: ConsumerMessages,
  log: BusLogger,
  stream: string,
  consumer: string,
) {
  for await (const s of messages.status()) {
    switch (s.type) {
      case "heartbeats_missed":
      case "consumer_not_found":
      case "stream_not_found":
      case "consumer_deleted":
      case "no_responders":
        log.warn({ stream, consumer, status: s.type }, "consumer status");
        break;
      default:
        break;
    }
  }
}
