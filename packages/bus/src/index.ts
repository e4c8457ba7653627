// Public surface of @studio/bus: connection, provisioning, typed publish/consume, KV stores, workers.
export {
  type BatchPublisher,
  type BatchPublisherOptions,
  createBatchPublisher,
} from "./batch-publish";
export { type Bus, type ConnectBusOptions, connectBus } from "./connect";
export {
  type ConsumeBatchesOptions,
  type ConsumeEachOptions,
  type ConsumeOptions,
  type Consumption,
  consumeBatches,
  consumeEach,
  type Delivery,
} from "./consume";
export * from "./errors";
export {
  type MutateOptions,
  type MutateResult,
  openStore,
  type Store,
  type StoreEntry,
  type StoreOptions,
} from "./kv";
export type { StoreChange, StoreWatch, WatchOptions } from "./kv-watch";
export { createLimiter, type Limiter } from "./limiter";
export { type BusLogger, silentLogger } from "./logger";
export {
  type ConsumerSpec,
  consumerSpecs,
  defaultBucketMaxAgeMs,
  type ProvisionOptions,
  provisionBus,
  type StreamSpec,
  streamSpecs,
} from "./provision";
export {
  createPublisher,
  type Publisher,
  type PublisherOptions,
  type PublishOptions,
  publishBytes,
  publishJson,
} from "./publish";
export { isTransientError, type RetryOptions, withRetry } from "./retry";
export { type BusSchema, type SafeParseResult, type SchemaIssue, validate } from "./schema";
export {
  failureBackoffMs,
  startWorker,
  type Worker,
  type WorkerContext,
  type WorkerOptions,
} from "./worker";
