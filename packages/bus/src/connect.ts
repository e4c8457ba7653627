// One NATS connection per process, tuned to survive server restarts (NATS-NOTES: crash survival).
import {
  type JetStreamClient,
  type JetStreamManager,
  jetstream,
  jetstreamManager,
} from "@nats-io/jetstream";
import { Kvm } from "@nats-io/kv";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { type BusLogger, errorFields, silentLogger } from "./logger";
import { type RetryOptions, withRetry } from "./retry";

export interface ConnectBusOptions {
  servers: string | string[];
  /** Connection name, shown in server monitoring: use the service name. */
  name: string;
  log?: BusLogger;
  /** JetStream request timeout; short so requests lost in a crash fail (and retry) quickly. */
  timeoutMs?: number;
  reconnectWaitMs?: number;
}

export interface Bus {
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
  kvm: Kvm;
  log: BusLogger;
  /** Retry options every bus helper uses (stops retrying once the connection is closed). */
  retry: RetryOptions;
  /** Drains (flushes pending publishes, ends subscriptions) then closes. */
  close(): Promise<void>;
}

export async function connectBus(options: ConnectBusOptions): Promise<Bus> {
  const log = options.log ?? silentLogger;
  const timeout = options.timeoutMs ?? 2000;
  const nc = await connect({
    servers: options.servers,
    name: options.name,
    // The default gives up after 10 attempts; a service must outlive any server restart.
    maxReconnectAttempts: -1,
    reconnectTimeWait: options.reconnectWaitMs ?? 250,
    reconnectJitter: 100,
    waitOnFirstConnect: true,
    timeout,
    // Without this the client builds an Error (with a stack) up front for EVERY request and
    // JetStream publish, in case it fails: ~11% of the orchestrator's CPU in the P1 profile.
    // Failures still carry their message and cause; only the caller's async stack is lost.
    noAsyncTraces: true,
  });
  void logStatus(nc, log);
  const js = jetstream(nc, { timeout });
  const retry: RetryOptions = { log, isClosed: () => nc.isClosed() || nc.isDraining() };
  const jsm = await withRetry("jetstream manager", () => jetstreamManager(nc, { timeout }), retry);
  const kvm = new Kvm(js);
  log.info({ server: nc.getServer(), name: options.name }, "bus connected");
  return {
    nc,
    js,
    jsm,
    kvm,
    log,
    retry,
    async close() {
      if (nc.isClosed()) return;
      try {
        await nc.drain();
      } catch (err) {
        log.warn(errorFields(err), "bus drain failed, closing");
        await nc.close();
      }
    },
  };
}

async function logStatus(nc: NatsConnection, log: BusLogger): Promise<void> {
  for await (const s of nc.status()) {
    switch (s.type) {
      case "disconnect":
        log.warn({ server: s.server }, "bus disconnected");
        break;
      case "reconnect":
        log.info({ server: s.server }, "bus reconnected");
        break;
      case "error":
        log.error(errorFields(s.error), "bus connection error");
        break;
      case "slowConsumer":
        log.warn({ pending: s.pending, subject: s.sub.getSubject() }, "bus slow consumer");
        break;
      default:
        log.debug({ status: s.type }, "bus status");
    }
  }
}
