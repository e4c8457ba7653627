// The orchestrator: consumes commands and results, applies the cell rules per row with
// compare-and-set, queues runs. Stateless: any number of replicas share the durable consumers.
import {
  type Bus,
  consumeBatches,
  createBatchPublisher,
  type Delivery,
  isRevisionMismatchError,
  openStore,
  type Store,
} from "@studio/bus";
import {
  Buckets,
  CampaignSchema,
  type Command,
  CommandSchema,
  Consumers,
  type HistoryEntry,
  HistoryEntrySchema,
  Keys,
  type ResultMessage,
  ResultMessageSchema,
  RowSchema,
  type RunMessage,
  resultsIn,
  Streams,
  Subjects,
} from "@studio/contracts";
import type { Logger } from "@studio/runtime";
import { applyBatch, type BatchDeps, type BatchItem } from "./apply-batch";
import { CampaignCache } from "./campaign-cache";
import { RowStore } from "./row-store";
import { commandToRowEvents, resultToRowEvent } from "./to-events";

export interface OrchestratorOptions {
  bus: Bus;
  log: Logger;
  batchSize?: number;
  rowConcurrency?: number;
}

export interface Orchestrator {
  stop(): Promise<void>;
}

export async function startOrchestrator(options: OrchestratorOptions): Promise<Orchestrator> {
  const { bus, log } = options;
  // Rows are written only as the engine's pure result of a validated row, campaign and event;
  // every reader (this process on a fresh read, the gateway) validates them on read.
  const rowsKv = await openStore(bus, Buckets.rows, RowSchema, { trustedWrites: true });
  const campaignsKv = await openStore(bus, Buckets.campaigns, CampaignSchema);
  // History entries are copies of runs the engine ended (validated inputs); readers check them.
  const historyKv = await openStore(bus, Buckets.history, HistoryEntrySchema, {
    trustedWrites: true,
  });
  // Runs queued in the same turn go out as one message per kind (RunBatchSchema); a lone run
  // travels as itself with its run id as message id.
  const runPublisher = createBatchPublisher(bus, { field: "runs", maxItems: 64 });

  const deps: BatchDeps = {
    rows: new RowStore(rowsKv),
    campaigns: new CampaignCache(campaignsKv),
    isConflict: isRevisionMismatchError,
    log,
    now: () => new Date().toISOString(),
    rowConcurrency: options.rowConcurrency ?? 128,
    async queueRuns(runs: RunMessage[]) {
      // Built by the engine from validated rows and campaigns; workers validate them. A run
      // re-sent after a redelivery may run twice (in another batch): its work is repeatable and
      // its effects go through the export ledger (ARCHITECTURE §4).
      await Promise.all(
        runs.map((run) => runPublisher.publish(Subjects.run(run.kind), run, run.runId)),
      );
    },
    async recordHistory(entries) {
      const undos = await Promise.all(entries.map((e) => writeHistory(historyKv, e)));
      return async () => {
        await Promise.all(undos.map((undo) => undo()));
      };
    },
  };

  const batchSize = options.batchSize ?? 512;
  async function handle<T>(batch: Delivery<T>[], toItems: (d: Delivery<T>) => BatchItem[]) {
    const items = batch.map((d) => ({ delivery: d, items: toItems(d) }));
    const failed = await applyBatch(
      deps,
      items.flatMap((i) => i.items),
    );
    for (const { delivery, items: mine } of items) {
      if (mine.some((i) => failed.has(i.rowEvent.rowKey))) delivery.msg.nak(500);
      else delivery.msg.ack();
    }
  }

  const commands = consumeBatches(
    bus,
    {
      stream: Streams.commands,
      consumer: Consumers.orchestratorCommands,
      schema: CommandSchema,
      maxMessages: 1024,
      maxBatch: batchSize,
      maxWaitMs: 2,
      log,
    },
    (batch: Delivery<Command>[]) =>
      handle(batch, (d) =>
        commandToRowEvents(d.data).map((rowEvent) => ({
          rowEvent,
          redelivered: d.info.redelivered,
        })),
      ),
  );
  const results = consumeBatches(
    bus,
    {
      stream: Streams.results,
      consumer: Consumers.orchestratorResults,
      schema: ResultMessageSchema,
      maxMessages: 1024,
      // Workers batch their results: a message may carry up to MAX_RESULTS_PER_MESSAGE.
      maxBatch: Math.max(1, Math.floor(batchSize / 16)),
      maxWaitMs: 2,
      log,
    },
    (batch: Delivery<ResultMessage>[]) =>
      handle(batch, (d) =>
        resultsIn(d.data).map((result) => ({
          rowEvent: resultToRowEvent(result),
          redelivered: d.info.redelivered,
        })),
      ),
  );
  log.info("orchestrator consuming commands and results");

  return {
    async stop() {
      await Promise.all([commands.stop(), results.stop()]);
      await runPublisher.flush();
    },
  };
}

/**
 * Puts a history entry over what the key held (compare-and-set) and returns how to put that
 * back, unless someone wrote the key after us (then theirs stands).
 */
async function writeHistory(
  kv: Store<HistoryEntry>,
  entry: HistoryEntry,
): Promise<() => Promise<void>> {
  const key = Keys.history(
    entry.workspaceId,
    entry.campaignId,
    entry.prospectId,
    entry.stepId,
    entry.runId,
  );
  for (let attempt = 1; ; attempt++) {
    const before = await kv.get(key);
    try {
      const revision =
        before === undefined
          ? await kv.create(key, entry)
          : await kv.update(key, entry, before.revision);
      return async () => {
        try {
          if (before === undefined) await kv.delete(key, { revision });
          else await kv.update(key, before.value, revision);
        } catch (err) {
          if (!isRevisionMismatchError(err)) throw err;
        }
      };
    } catch (err) {
      // Bounded: the row's messages go back and come again rather than spinning here.
      if (!isRevisionMismatchError(err) || attempt >= 20) throw err;
    }
  }
}
