// Worker harness for step services: pulls runs of one kind from STUDIO_RUNS through the kind's
// shared durable consumer, bounds handlers in flight, keeps long runs alive, maps outcomes to acks.
import type { DeliveryInfo, JsMsg } from "@nats-io/jetstream";
import { Consumers, type StepKind, Streams } from "@studio/contracts";
import type { Bus } from "./connect";
import { decodeOrTerm } from "./consume";
import { HandlerTimeoutError, isPermanentError, isRetryableError, ShutdownError } from "./errors";
import { createLimiter } from "./limiter";
import { type BusLogger, errorFields } from "./logger";
import { startPullLoop } from "./pull-loop";
import { sleep } from "./retry";
import type { BusSchema } from "./schema";

export interface WorkerContext {
  msg: JsMsg;
  info: DeliveryInfo;
  /** 1 on first delivery. */
  attempt: number;
  /** Fires on shutdown (ShutdownError) or handler timeout (HandlerTimeoutError). */
  signal: AbortSignal;
}

export interface WorkerOptions<T> {
  bus: Bus;
  kind: StepKind;
  schema: BusSchema<T>;
  handler: (data: T, ctx: WorkerContext) => Promise<void>;
  /** Handlers in flight at once (default 8). */
  concurrency?: number;
  /**
   * Messages pulled ahead of a free handler (default: `concurrency`). Buffered messages get no
   * `working()` calls: keep this small when one message carries many runs.
   */
  maxBuffered?: number;
  log?: BusLogger;
  /**
   * Back-pressure beyond `concurrency`: awaited before a message is handed over, so the worker
   * stops pulling while it resolves later (e.g. while too many of a batch's items wait).
   */
  admit?: (data: T) => Promise<void>;
  /** Abort the handler's signal after this long (default: never). */
  handlerTimeoutMs?: number;
  /**
   * How often `working()` extends the ack deadline. Default: a third of the consumer's ack_wait
   * (read at start), at most 10 s — a fixed interval longer than a short ack wait let runs that
   * were still being worked on be redelivered to a second worker.
   */
  workingIntervalMs?: number;
  /** How long stop() waits for handlers before aborting them (default 10 s). */
  stopTimeoutMs?: number;
  /** Override stream/consumer (tests, partitioned consumers). */
  stream?: string;
  consumer?: string;
}

export interface Worker {
  stop(): Promise<void>;
  readonly inFlight: number;
}

/** Unknown failures come back after 1 s, 2 s, 4 s … capped at a minute. */
export function failureBackoffMs(attempt: number): number {
  return Math.min(60_000, 1000 * 2 ** Math.max(0, Math.min(attempt - 1, 10)));
}

/** `working()` three times per ack wait, so one lost extension never lets a run go. */
export function workingIntervalFor(ackWaitMs: number): number {
  return Math.max(100, Math.min(10_000, Math.floor(ackWaitMs / 3)));
}

export function startWorker<T>(options: WorkerOptions<T>): Worker {
  const { bus, kind, schema, handler } = options;
  const log = options.log ?? bus.log;
  const limiter = createLimiter(options.concurrency ?? 8);
  let workingIntervalMs = options.workingIntervalMs ?? 10_000;
  if (options.workingIntervalMs === undefined) {
    void bus.jsm.consumers
      .info(options.stream ?? Streams.runs, options.consumer ?? Consumers.worker(kind))
      .then((info) => {
        const ackWaitMs = (info.config.ack_wait ?? 0) / 1_000_000;
        if (ackWaitMs > 0) workingIntervalMs = workingIntervalFor(ackWaitMs);
      })
      .catch((err: unknown) => log.warn(errorFields(err), "consumer ack wait not read"));
  }
  const running = new Map<JsMsg, AbortController>();

  async function handle(msg: JsMsg, data: T): Promise<void> {
    const controller = new AbortController();
    running.set(msg, controller);
    const keepAlive = setInterval(() => msg.working(), workingIntervalMs);
    const timeout =
      options.handlerTimeoutMs === undefined
        ? undefined
        : setTimeout(
            () => controller.abort(new HandlerTimeoutError(options.handlerTimeoutMs ?? 0)),
            options.handlerTimeoutMs,
          );
    const attempt = msg.info.deliveryCount;
    const fields = { kind, subject: msg.subject, seq: msg.seq, attempt };
    try {
      await handler(data, { msg, info: msg.info, attempt, signal: controller.signal });
      msg.ack();
    } catch (err) {
      if (isPermanentError(err)) {
        log.warn({ ...fields, ...errorFields(err) }, "run failed permanently, terminated");
        msg.term(); // bare: 2.9 ignores "+TERM reason"
      } else if (controller.signal.reason instanceof ShutdownError) {
        // Interrupted by our own shutdown: hand it to another replica right away.
        msg.nak();
      } else if (isRetryableError(err)) {
        const delay = err.retryAfterMs ?? failureBackoffMs(attempt);
        log.info({ ...fields, delay, ...errorFields(err) }, "run will be retried");
        msg.nak(delay);
      } else {
        const delay = failureBackoffMs(attempt);
        log.error({ ...fields, delay, ...errorFields(err) }, "run handler failed");
        msg.nak(delay);
      }
    } finally {
      clearInterval(keepAlive);
      clearTimeout(timeout);
      running.delete(msg);
      limiter.release();
    }
  }

  const loop = startPullLoop(
    bus,
    {
      stream: options.stream ?? Streams.runs,
      consumer: options.consumer ?? Consumers.worker(kind),
      // Buffer no more than we can start soon: buffered runs wait without working() calls.
      maxMessages: Math.max(1, options.maxBuffered ?? options.concurrency ?? 8),
      log,
    },
    async (msg) => {
      const decoded = decodeOrTerm(msg, schema, log);
      if (!decoded.ok) return;
      if (msg.info.redelivered)
        log.info(
          { kind, subject: msg.subject, seq: msg.seq, deliveries: msg.info.deliveryCount },
          "message redelivered",
        );
      await limiter.acquire();
      await options.admit?.(decoded.data);
      void handle(msg, decoded.data);
    },
  );

  return {
    get inFlight() {
      return limiter.active;
    },
    async stop() {
      const closing = loop.stop();
      const graceMs = options.stopTimeoutMs ?? 10_000;
      if (!(await limiter.idle(graceMs))) {
        log.warn({ kind, inFlight: limiter.active }, "aborting runs still in flight at shutdown");
        for (const controller of running.values()) controller.abort(new ShutdownError());
        if (!(await limiter.idle(1000))) {
          // Handlers that ignore their signal: give their runs back; late outcomes are no-ops.
          for (const msg of running.keys()) msg.nak();
        }
      }
      await Promise.race([closing, sleep(1000)]);
    },
  };
}
