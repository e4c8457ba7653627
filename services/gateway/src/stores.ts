// The KV buckets the gateway reads and writes, opened once as typed stores of @studio/bus.
import { type Bus, openStore, type Store, withRetry } from "@studio/bus";
import {
  Buckets,
  type Campaign,
  CampaignSchema,
  type HistoryEntry,
  HistoryEntrySchema,
  type RequestRecord,
  RequestRecordSchema,
  type Row,
  RowSchema,
  type SignalSet,
  SignalSetSchema,
  type TokenRecord,
  TokenRecordSchema,
} from "@studio/contracts";

export interface Stores {
  tokens: Store<TokenRecord>;
  campaigns: Store<Campaign>;
  rows: Store<Row>;
  requests: Store<RequestRecord>;
  history: Store<HistoryEntry>;
  signals: Store<SignalSet>;
  /** Latest revision among keys matching `filter` in the rows bucket (0 when none). */
  lastRowRevision(filter: string): Promise<number>;
  /** Last sequence of the rows bucket's stream: no event id can be newer. */
  rowsStreamLastSeq(): Promise<number>;
}

export async function openStores(bus: Bus): Promise<Stores> {
  const [tokens, campaigns, rows, requests, history, signals] = await Promise.all([
    openStore(bus, Buckets.tokens, TokenRecordSchema),
    openStore(bus, Buckets.campaigns, CampaignSchema),
    openStore(bus, Buckets.rows, RowSchema),
    openStore(bus, Buckets.requests, RequestRecordSchema),
    openStore(bus, Buckets.history, HistoryEntrySchema),
    openStore(bus, Buckets.signals, SignalSetSchema),
  ]);
  // The stream behind the rows bucket, read from its status rather than spelled out here.
  const rawRows = await withRetry("open rows", () => bus.kvm.open(Buckets.rows), bus.retry);
  const status = await withRetry("rows status", () => rawRows.status(), bus.retry);
  const stream = status.streamInfo.config.name;
  const subjectPrefix = (status.streamInfo.config.subjects?.[0] ?? "").replace(/>$/, "");
  const quick = { ...bus.retry, deadlineMs: 5_000 };
  return {
    tokens,
    campaigns,
    rows,
    requests,
    history,
    signals,
    async lastRowRevision(filter) {
      // One direct read (wildcard last-by-subject works on 2.9) instead of listing every key.
      const msg = await withRetry(
        "last row revision",
        () => bus.jsm.streams.getMessage(stream, { last_by_subj: `${subjectPrefix}${filter}` }),
        quick,
      );
      return msg?.seq ?? 0;
    },
    async rowsStreamLastSeq() {
      const info = await withRetry("rows stream info", () => bus.jsm.streams.info(stream), quick);
      return info.state.last_seq;
    },
  };
}
