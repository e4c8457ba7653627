// Typed change feed of a KV bucket (the source of the gateway's event stream).
// Single-prefix key filters only: several filters on one watch need nats-server 2.10.
import { type KV, KvWatchInclude } from "@nats-io/kv";
import type { Bus } from "./connect";
import type { BusLogger } from "./logger";
import { withRetry } from "./retry";
import { type BusSchema, decodeJson } from "./schema";

export interface WatchOptions {
  /** Key or wildcard filter (default all keys). */
  key?: string;
  /** Resume after a revision already seen (e.g. an SSE Last-Event-ID): starts at revision + 0. */
  resumeFromRevision?: number;
  /** Every retained revision instead of only the latest per key. */
  includeHistory?: boolean;
  /** Only changes made after the watch starts. */
  updatesOnly?: boolean;
}

export interface StoreChange<T> {
  key: string;
  revision: number;
  operation: "PUT" | "DEL" | "PURGE";
  /** Undefined for deletes. */
  value: T | undefined;
  /** False while replaying values that existed before the watch started. */
  isUpdate: boolean;
}

export interface StoreWatch<T> extends AsyncIterable<StoreChange<T>> {
  stop(): void;
}

export async function watchStore<T>(
  kv: KV,
  bucket: string,
  schema: BusSchema<T>,
  log: BusLogger,
  bus: Bus,
  options: WatchOptions = {},
): Promise<StoreWatch<T>> {
  const include = options.updatesOnly
    ? KvWatchInclude.UpdatesOnly
    : options.includeHistory
      ? KvWatchInclude.AllHistory
      : KvWatchInclude.LastValue;
  const iter = await withRetry(
    `kv watch ${bucket}`,
    () =>
      kv.watch({
        key: options.key ?? ">",
        include,
        ...(options.resumeFromRevision ? { resumeFromRevision: options.resumeFromRevision } : {}),
      }),
    bus.retry,
  );
  async function* changes(): AsyncGenerator<StoreChange<T>> {
    for await (const e of iter) {
      const base = {
        key: e.key,
        revision: e.revision,
        operation: e.operation,
        isUpdate: e.isUpdate,
      };
      if (e.operation !== "PUT") {
        yield { ...base, value: undefined };
        continue;
      }
      const decoded = decodeJson(schema, e.value);
      if (!decoded.ok) {
        // Skipped, not fatal: one bad value must not end every watcher of the bucket.
        log.error(
          { bucket, key: e.key, revision: e.revision, issue: decoded.issue },
          "invalid stored value in watch",
        );
        continue;
      }
      yield { ...base, value: decoded.data };
    }
  }
  return {
    [Symbol.asyncIterator]: changes,
    stop: () => iter.stop(),
  };
}
