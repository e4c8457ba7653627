// Idempotent start-up provisioning of the bus contract (ARCHITECTURE §3): streams, durable
// consumers and KV buckets. Every service may call it at once; "already exists" races converge.
import {
  AckPolicy,
  type ConsumerConfig,
  DeliverPolicy,
  DiscardPolicy,
  ReplayPolicy,
  RetentionPolicy,
  StorageType,
  type StreamConfig,
} from "@nats-io/jetstream";
import { nanos } from "@nats-io/transport-node";
import {
  type BucketName,
  Buckets,
  Consumers,
  StepKinds,
  Streams,
  Subjects,
} from "@studio/contracts";
import type { Bus } from "./connect";
import { ProvisionError } from "./errors";
import { withRetry } from "./retry";

const DAY_MS = 24 * 60 * 60 * 1000;

// Unset options create with the defaults below but never change what already exists: a service
// started without them must not undo an operator's choice (e.g. R3 streams on a cluster).
export interface ProvisionOptions {
  /** 1 locally; 3 or 5 on a cluster (default 1 when creating; unset keeps the existing). */
  replicas?: number;
  /** Consumer ack wait; must exceed the longest step timeout (workers also call `working()`). */
  ackWaitMs?: number;
  maxAckPending?: number;
  /** Bucket-level max age; per-key TTL is silently ignored on 2.9, so expiry is per bucket. */
  bucketMaxAgeMs?: Partial<Record<BucketName, number>>;
}

export interface StreamSpec {
  name: string;
  subject: string;
  maxAgeMs: number;
}

export interface ConsumerSpec {
  stream: string;
  durable: string;
  filterSubject: string;
}

// Limits retention, not work-queue: work-queue acks cost ~10x on 2.9 (NATS-NOTES); one durable
// consumer shared by all replicas gives the same "each message to one worker" semantics.
export const streamSpecs: readonly StreamSpec[] = [
  { name: Streams.commands, subject: Subjects.commandsAll, maxAgeMs: 7 * DAY_MS },
  { name: Streams.runs, subject: Subjects.runsAll, maxAgeMs: 7 * DAY_MS },
  { name: Streams.results, subject: Subjects.resultsAll, maxAgeMs: 14 * DAY_MS },
];

export const consumerSpecs: readonly ConsumerSpec[] = [
  {
    stream: Streams.commands,
    durable: Consumers.orchestratorCommands,
    filterSubject: Subjects.commandsAll,
  },
  {
    stream: Streams.results,
    durable: Consumers.orchestratorResults,
    filterSubject: Subjects.resultsAll,
  },
  ...StepKinds.map((kind) => ({
    stream: Streams.runs,
    durable: Consumers.worker(kind),
    filterSubject: Subjects.run(kind),
  })),
];

export const defaultBucketMaxAgeMs: Partial<Record<BucketName, number>> = {
  [Buckets.requests]: DAY_MS,
  [Buckets.history]: 14 * DAY_MS,
};

const DUPLICATE_WINDOW_MS = 2 * 60 * 1000;
const DEFAULT_ACK_WAIT_MS = 30_000;
const DEFAULT_MAX_ACK_PENDING = 4096;

export async function provisionBus(bus: Bus, options: ProvisionOptions = {}): Promise<void> {
  const replicas = options.replicas ?? 1;
  const keep = {
    replicas: options.replicas === undefined,
    ackWait: options.ackWaitMs === undefined,
    maxAckPending: options.maxAckPending === undefined,
  };
  for (const spec of streamSpecs) {
    await ensureStream(bus, keep.replicas, {
      name: spec.name,
      subjects: [spec.subject],
      retention: RetentionPolicy.Limits,
      storage: StorageType.File,
      discard: DiscardPolicy.Old,
      max_age: nanos(spec.maxAgeMs),
      duplicate_window: nanos(DUPLICATE_WINDOW_MS),
      num_replicas: replicas,
    });
  }
  for (const spec of consumerSpecs) {
    await ensureConsumer(bus, spec.stream, keep, {
      durable_name: spec.durable,
      filter_subject: spec.filterSubject,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      replay_policy: ReplayPolicy.Instant,
      ack_wait: nanos(options.ackWaitMs ?? DEFAULT_ACK_WAIT_MS),
      max_ack_pending: options.maxAckPending ?? DEFAULT_MAX_ACK_PENDING,
      // Never give up on redelivery: retryable failures come back with their own delay.
      max_deliver: -1,
    });
  }
  const maxAges = { ...defaultBucketMaxAgeMs, ...options.bucketMaxAgeMs };
  for (const bucket of Object.values(Buckets)) {
    await ensureBucket(bus, bucket, replicas, maxAges[bucket] ?? 0);
  }
}

type StreamWanted = Pick<
  StreamConfig,
  | "name"
  | "subjects"
  | "retention"
  | "storage"
  | "discard"
  | "max_age"
  | "duplicate_window"
  | "num_replicas"
>;

const isNotFound = (err: unknown, what: "stream" | "consumer") =>
  err instanceof Error && err.message.toLowerCase().includes(`${what} not found`);

async function ensureStream(bus: Bus, keepReplicas: boolean, asked: StreamWanted): Promise<void> {
  await withRetry(
    `provision stream ${asked.name}`,
    async () => {
      // Two attempts: a concurrent creator may win between our "not found" and our add.
      for (let round = 0; ; round++) {
        let existing: StreamConfig | undefined;
        try {
          existing = (await bus.jsm.streams.info(asked.name)).config;
        } catch (err) {
          if (!isNotFound(err, "stream")) throw err;
        }
        const wanted =
          keepReplicas && existing !== undefined
            ? { ...asked, num_replicas: existing.num_replicas }
            : asked;
        try {
          if (existing === undefined) {
            await bus.jsm.streams.add(wanted);
          } else if (streamDiffers(existing, wanted)) {
            if (existing.retention !== wanted.retention || existing.storage !== wanted.storage) {
              throw new ProvisionError(wanted.name, "retention or storage differ; migrate by hand");
            }
            const { name, retention: _r, storage: _s, ...update } = wanted;
            await bus.jsm.streams.update(name, { ...existing, ...update });
            bus.log.info({ stream: name }, "stream config updated");
          }
          return;
        } catch (err) {
          if (round >= 2 || err instanceof ProvisionError) throw err;
        }
      }
    },
    bus.retry,
  );
}

function streamDiffers(have: StreamConfig, want: StreamWanted): boolean {
  return (
    have.subjects.join(",") !== want.subjects.join(",") ||
    have.retention !== want.retention ||
    have.storage !== want.storage ||
    have.discard !== want.discard ||
    have.max_age !== want.max_age ||
    have.duplicate_window !== want.duplicate_window ||
    have.num_replicas !== want.num_replicas
  );
}

type ConsumerWanted = Required<
  Pick<
    ConsumerConfig,
    | "durable_name"
    | "filter_subject"
    | "ack_policy"
    | "deliver_policy"
    | "replay_policy"
    | "ack_wait"
    | "max_ack_pending"
    | "max_deliver"
  >
>;

async function ensureConsumer(
  bus: Bus,
  stream: string,
  keep: { ackWait: boolean; maxAckPending: boolean },
  asked: ConsumerWanted,
): Promise<void> {
  const name = asked.durable_name;
  await withRetry(
    `provision consumer ${stream}/${name}`,
    async () => {
      for (let round = 0; ; round++) {
        let existing: ConsumerConfig | undefined;
        try {
          existing = (await bus.jsm.consumers.info(stream, name)).config;
        } catch (err) {
          if (!isNotFound(err, "consumer")) throw err;
        }
        const wanted = { ...asked };
        if (existing !== undefined && keep.ackWait)
          wanted.ack_wait = existing.ack_wait ?? wanted.ack_wait;
        if (existing !== undefined && keep.maxAckPending)
          wanted.max_ack_pending = existing.max_ack_pending ?? wanted.max_ack_pending;
        try {
          if (existing === undefined) {
            await bus.jsm.consumers.add(stream, wanted);
          } else if (existing.filter_subject !== wanted.filter_subject) {
            // Changing a filter needs 2.10; silently reading the wrong subjects would be worse.
            throw new ProvisionError(
              `${stream}/${name}`,
              "filter subject differs; recreate by hand",
            );
          } else if (
            existing.ack_wait !== wanted.ack_wait ||
            existing.max_ack_pending !== wanted.max_ack_pending ||
            existing.max_deliver !== wanted.max_deliver
          ) {
            const { ack_wait, max_ack_pending, max_deliver } = wanted;
            await bus.jsm.consumers.update(stream, name, {
              ack_wait,
              max_ack_pending,
              max_deliver,
            });
            bus.log.info({ stream, consumer: name }, "consumer config updated");
          }
          return;
        } catch (err) {
          if (round >= 2 || err instanceof ProvisionError) throw err;
        }
      }
    },
    bus.retry,
  );
}

async function ensureBucket(bus: Bus, bucket: string, replicas: number, maxAgeMs: number) {
  await withRetry(
    `provision bucket ${bucket}`,
    async () => {
      // Kvm.create opens an existing bucket as is; identical concurrent adds are accepted.
      await bus.kvm.create(bucket, {
        history: 1,
        replicas,
        ...(maxAgeMs > 0 ? { ttl: maxAgeMs } : {}),
      });
      const streamName = `KV_${bucket}`;
      const have = (await bus.jsm.streams.info(streamName)).config;
      const maxAge = maxAgeMs > 0 ? nanos(maxAgeMs) : 0;
      if (have.max_age !== maxAge || have.max_msgs_per_subject !== 1) {
        await bus.jsm.streams.update(streamName, {
          ...have,
          max_age: maxAge,
          max_msgs_per_subject: 1,
        });
        bus.log.info({ bucket }, "bucket config updated");
      }
    },
    bus.retry,
  );
}
