// Typed KV store over one bucket: JSON values checked by a schema, compare-and-set writes,
// a CAS `mutate` loop, and every operation retried across timeouts and server restarts.
import { JetStreamApiCodes, JetStreamApiError } from "@nats-io/jetstream";
import type { KV, KvEntry } from "@nats-io/kv";
import { headers as natsHeaders, nuid } from "@nats-io/transport-node";
import type { Bus } from "./connect";
import {
  ConflictError,
  InvalidPayloadError,
  InvalidStoredValueError,
  RevisionMismatchError,
} from "./errors";
import { type StoreWatch, type WatchOptions, watchStore } from "./kv-watch";
import type { BusLogger } from "./logger";
import { sleep, withRetry } from "./retry";
import { type BusSchema, decodeJson, encodeJson, validate } from "./schema";

export interface StoreEntry<T> {
  value: T;
  revision: number;
}

export interface MutateOptions<T> {
  /** Skip the first read when the caller holds the latest revision (halves the cost, NATS-NOTES). */
  known?: { value: T | undefined; revision: number };
  /** Compare-and-set rounds before ConflictError (default 100). */
  maxAttempts?: number;
}

export interface MutateResult<T> {
  value: T | undefined;
  revision: number;
  changed: boolean;
}

export interface Store<T> {
  readonly bucket: string;
  /**
   * The value, or undefined when missing, deleted, or invalid (the last is logged).
   * `verifyMissing`: when the server says "no such key", look again through a consumer on the
   * key's subject — nats-server 2.9 can answer "no message found" for a key whose message is in
   * the stream after unclean restarts (its per-subject index; RESULTS.md, R1). Costs a consumer
   * per miss: for reads that expect the key to exist.
   */
  get(key: string, options?: { verifyMissing?: boolean }): Promise<StoreEntry<T> | undefined>;
  /** Writes only if the key has no live value; RevisionMismatchError otherwise. */
  create(key: string, value: T): Promise<number>;
  /** Writes only if the key is still at `revision`; RevisionMismatchError otherwise. */
  update(key: string, value: T, revision: number): Promise<number>;
  put(key: string, value: T): Promise<number>;
  delete(key: string, options?: { revision?: number }): Promise<void>;
  /** Keys matching `filter`; may include keys whose last operation was a delete. */
  keys(filter?: string): Promise<string[]>;
  watch(options?: WatchOptions): Promise<StoreWatch<T>>;
  /** Read, apply the pure `fn` (undefined = no change), compare-and-set; re-read on conflict. */
  mutate(
    key: string,
    fn: (current: T | undefined) => T | undefined,
    options?: MutateOptions<T>,
  ): Promise<MutateResult<T>>;
}

type Read<T> =
  | { kind: "ok"; value: T; revision: number }
  | { kind: "missing"; revision: number }
  | { kind: "invalid"; revision: number; error: InvalidStoredValueError };

const validKey = /^[-/=\w]+(\.[-/=\w]+)*$/;

export interface StoreOptions {
  log?: BusLogger;
  /**
   * Skip the schema check on writes (default: checked). Only for stores whose values this
   * process builds from values it already validated; reads are always checked.
   */
  trustedWrites?: boolean;
}

export async function openStore<T>(
  bus: Bus,
  bucket: string,
  schema: BusSchema<T>,
  options: StoreOptions = {},
): Promise<Store<T>> {
  const log = options.log ?? bus.log;
  // Provisioning creates buckets with direct get allowed (2.9+), so bind without a lookup.
  const kv: KV = await withRetry(
    `open ${bucket}`,
    () => bus.kvm.open(bucket, { allow_direct: true }),
    bus.retry,
  );

  function checkKey(key: string): void {
    if (!validKey.test(key))
      throw new InvalidPayloadError(`${bucket}/${key}`, { path: "key", message: "invalid key" });
  }

  async function read(key: string, verifyMissing = false): Promise<Read<T>> {
    checkKey(key);
    let entry = await withRetry(`kv get ${bucket}`, () => kv.get(key), bus.retry);
    if (entry === null && verifyMissing) {
      entry = await withRetry(`kv history ${bucket}`, () => lastByConsumer(key), bus.retry);
      if (entry !== null)
        log.warn(
          { bucket, key, revision: entry.revision },
          "key found by its subject after the server said it has none (nats-server 2.9 index)",
        );
    }
    // A deleted key keeps a tombstone; its revision is what a later create must expect.
    if (entry === null || entry.operation !== "PUT")
      return { kind: "missing", revision: entry?.revision ?? 0 };
    const decoded = decodeJson(schema, entry.value);
    if (decoded.ok) return { kind: "ok", value: decoded.data, revision: entry.revision };
    const error = new InvalidStoredValueError(bucket, key, decoded.issue);
    log.error(
      { bucket, key, revision: entry.revision, issue: decoded.issue },
      "invalid stored value",
    );
    return { kind: "invalid", revision: entry.revision, error };
  }

  /** The key's last entry read through an ordered consumer on its subject (not its index). */
  async function lastByConsumer(key: string): Promise<KvEntry | null> {
    let last: KvEntry | null = null;
    const entries = await kv.history({ key });
    for await (const e of entries) last = e;
    return last;
  }

  /**
   * Every write carries a fresh Nats-Msg-Id reused across its retries: if the first attempt was
   * stored but its ack lost in a crash, the retry is answered as a duplicate with the original
   * revision instead of failing the CAS — and a mutate is never applied twice.
   */
  async function write(
    key: string,
    value: T | undefined,
    expectedRevision: number | undefined,
  ): Promise<number> {
    checkKey(key);
    let data: Uint8Array = new Uint8Array(0);
    if (value !== undefined) {
      if (options.trustedWrites !== true) {
        const checked = validate(schema, value);
        if (!checked.ok) throw new InvalidPayloadError(`${bucket}/${key}`, checked.issue);
      }
      data = encodeJson(value);
    }
    const msgID = nuid.next();
    try {
      const ack = await withRetry(
        `kv write ${bucket}`,
        () => {
          const h = natsHeaders();
          if (value === undefined) h.set("KV-Operation", "DEL");
          const expect =
            expectedRevision === undefined ? {} : { lastSubjectSequence: expectedRevision };
          return bus.js.publish(`$KV.${bucket}.${key}`, data, { msgID, headers: h, expect });
        },
        bus.retry,
      );
      return ack.seq;
    } catch (err) {
      if (
        err instanceof JetStreamApiError &&
        err.code === JetStreamApiCodes.StreamWrongLastSequence
      ) {
        throw new RevisionMismatchError(key, expectedRevision ?? 0, { cause: err });
      }
      throw err;
    }
  }

  const store: Store<T> = {
    bucket,
    async get(key, options) {
      const r = await read(key, options?.verifyMissing === true);
      return r.kind === "ok" ? { value: r.value, revision: r.revision } : undefined;
    },
    async create(key, value) {
      try {
        return await write(key, value, 0);
      } catch (err) {
        if (!(err instanceof RevisionMismatchError)) throw err;
        const current = await read(key);
        if (current.kind !== "missing") throw err;
        return write(key, value, current.revision);
      }
    },
    update: (key, value, revision) => write(key, value, revision),
    put: (key, value) => write(key, value, undefined),
    async delete(key, opts) {
      await write(key, undefined, opts?.revision);
    },
    async keys(filter = ">") {
      // One STREAM.INFO request listing the bucket's subjects, not KV.keys(): its ordered push
      // consumer sometimes never saw its last key while the bucket was being written (R4 found
      // GET /v1/campaigns hanging into a 503 under concurrent step PATCHes). The list may name a
      // key whose last operation was a delete; `get` answers undefined for it.
      const prefix = `$KV.${bucket}.`;
      return withRetry(
        `kv keys ${bucket}`,
        async () => {
          const info = await bus.jsm.streams.info(`KV_${bucket}`, {
            subjects_filter: `${prefix}${filter}`,
          });
          return Object.keys(info.state.subjects ?? {}).map((s) => s.slice(prefix.length));
        },
        bus.retry,
      );
    },
    watch: (opts) => watchStore(kv, bucket, schema, log, bus, opts),
    async mutate(key, fn, opts = {}) {
      const maxAttempts = opts.maxAttempts ?? 100;
      let current: Read<T> = opts.known
        ? opts.known.value === undefined
          ? { kind: "missing", revision: opts.known.revision }
          : { kind: "ok", value: opts.known.value, revision: opts.known.revision }
        : await read(key);
      for (let attempt = 1; attempt <= maxAttempts; attempt++) {
        if (current.kind === "invalid") throw current.error;
        const before = current.kind === "ok" ? current.value : undefined;
        const next = fn(before);
        if (next === undefined)
          return { value: before, revision: current.revision, changed: false };
        try {
          const revision = await write(key, next, current.revision);
          return { value: next, revision, changed: true };
        } catch (err) {
          if (!(err instanceof RevisionMismatchError)) throw err;
        }
        // Lost the race: a little jitter keeps many writers on one key from lock-stepping.
        if (attempt > 2) await sleep(Math.random() * Math.min(attempt, 10));
        current = await read(key);
      }
      throw new ConflictError(key, maxAttempts);
    },
  };
  return store;
}
