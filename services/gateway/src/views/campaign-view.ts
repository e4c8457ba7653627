// One campaign as every request and event-stream client of this process sees it: rows loaded
// once and kept current by ONE KV watch (plus one on the definition), indexed by email and CRM id.
import type { StoreChange, StoreWatch } from "@studio/bus";
import {
  type Campaign,
  CrmSystems,
  Keys,
  type Prospect,
  parseRowKey,
  type Row,
} from "@studio/contracts";
import type { Logger } from "@studio/runtime";
import type { Stores } from "../stores";
import {
  type CellMark,
  campaignChangeFrames,
  commandRow,
  encodeFrames,
  publicRowFrames,
  rowChangeFrames,
  toRowItem,
} from "./public";

/**
 * One row as the view keeps it: compact on purpose (a finished row's run inputs are not held,
 * ~half the heap of the parsed row), enough for reads, filters, counts and change detection.
 */
export interface RowItem {
  revision: number;
  prospect: Prospect;
  /** stepId → state and version of each cell. */
  cells: Record<string, CellMark>;
  /** The API's `{ prospect, cells }`, serialised once per change so reads only concatenate. */
  json: string;
  meta: Pick<
    Row,
    "workspaceId" | "campaignId" | "campaignVersion" | "createdAt" | "updatedAt" | "version"
  >;
}

/**
 * Receives pre-encoded SSE text and the row revision it ends at (0 for definition changes);
 * `null` means the view broke and the client must reconnect.
 */
export type ViewListener = (chunk: Uint8Array | null, revision: number) => void;

/** Sees every row change of the watch, with the full stored row (undefined for a delete). */
export type RowHook = (rowKey: string, row: Row | undefined) => void;

const LOAD_TIMEOUT_MS = 30_000;
const encoder = new TextEncoder();

export class CampaignView {
  readonly rows = new Map<string, RowItem>();
  lastRevision = 0;
  lastUsed = Date.now();
  closed = false;
  private campaignRevision = 0;
  private readonly byEmail = new Map<string, string>();
  private readonly byCrm = new Map<string, string>();
  private readonly listeners = new Set<ViewListener>();
  private sortedIds: string[] | undefined;
  private readonly watches: Array<StoreWatch<unknown>> = [];

  private constructor(
    readonly workspaceId: string,
    readonly campaignId: string,
    public campaign: Campaign,
    private readonly log: Logger,
    private readonly onBroken: () => void,
    private readonly onRow: RowHook | undefined,
  ) {}

  /** Loads the campaign and all its rows; undefined when the campaign does not exist. */
  static async open(
    stores: Stores,
    workspaceId: string,
    campaignId: string,
    log: Logger,
    onBroken: () => void,
    onRow?: RowHook,
  ): Promise<CampaignView | undefined> {
    const stored = await stores.campaigns.get(Keys.campaign(workspaceId, campaignId));
    if (stored === undefined || stored.value.workspaceId !== workspaceId) return undefined;
    const view = new CampaignView(workspaceId, campaignId, stored.value, log, onBroken, onRow);
    view.campaignRevision = stored.revision;
    const filter = Keys.rowsOfCampaign(workspaceId, campaignId);
    try {
      // Loading is done once the watch has delivered the newest revision that existed before it.
      const target = await stores.lastRowRevision(filter);
      const rowWatch = await stores.rows.watch({ key: filter });
      view.watches.push(rowWatch as StoreWatch<unknown>);
      const campaignWatch = await stores.campaigns.watch({
        key: Keys.campaign(workspaceId, campaignId),
      });
      view.watches.push(campaignWatch as StoreWatch<unknown>);
      let loaded: () => void = () => undefined;
      let failed: (err: Error) => void = () => undefined;
      const ready = new Promise<void>((resolve, reject) => {
        loaded = resolve;
        failed = reject;
      });
      if (target === 0) loaded();
      // Never a load that hangs forever: the registry would hand the same promise to everyone.
      const timer = setTimeout(
        () => failed(new Error("campaign view load timed out")),
        LOAD_TIMEOUT_MS,
      );
      void view
        .follow(rowWatch, (ch) => {
          view.applyRow(ch);
          if (view.lastRevision >= target) loaded();
        })
        .then(() => failed(new Error("campaign view watch ended while loading")));
      void view.follow(campaignWatch, (ch) => view.applyCampaign(ch));
      await ready.finally(() => clearTimeout(timer));
    } catch (err) {
      view.close();
      throw err;
    }
    return view;
  }

  private async follow<T>(
    watch: StoreWatch<T>,
    apply: (ch: StoreChange<T>) => void,
  ): Promise<void> {
    try {
      for await (const ch of watch) apply(ch);
    } catch (err) {
      this.log.warn({ err, campaignId: this.campaignId }, "campaign view watch failed");
    }
    if (!this.closed) this.breakDown();
  }

  private breakDown(): void {
    this.close();
    this.onBroken();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const w of this.watches) w.stop();
    for (const l of this.listeners) l(null, 0);
    this.listeners.clear();
  }

  subscribe(listener: ViewListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
      this.lastUsed = Date.now();
    };
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  private emit(text: string, revision: number): void {
    if (text === "" || this.listeners.size === 0) return;
    // Encoded once, the same bytes written to every client: fan-out costs a write, not a stringify.
    const bytes = encoder.encode(text);
    for (const l of this.listeners) l(bytes, revision);
  }

  private applyRow(ch: StoreChange<Row>): void {
    if (ch.revision > this.lastRevision) this.lastRevision = ch.revision;
    // Before the compact copy drops `applied`: pending commands it shows are no longer pending.
    this.onRow?.(ch.key, ch.operation === "PUT" ? ch.value : undefined);
    const prospectId = parseRowKey(ch.key)?.prospectId;
    if (prospectId === undefined) return;
    const old = this.rows.get(prospectId);
    if (old !== undefined && old.revision >= ch.revision) return;
    if (old !== undefined) this.unindex(prospectId, old.prospect);
    if (ch.operation !== "PUT" || ch.value === undefined) {
      if (old !== undefined) {
        this.rows.delete(prospectId);
        this.sortedIds = undefined;
      }
      return;
    }
    const row = ch.value;
    this.rows.set(prospectId, toRowItem(row, ch.revision));
    this.index(prospectId, row.prospect);
    if (old === undefined) this.sortedIds = undefined;
    if (this.listeners.size > 0)
      this.emit(encodeFrames(rowChangeFrames(old, row), ch.revision), ch.revision);
  }

  private applyCampaign(ch: StoreChange<Campaign>): void {
    if (ch.revision <= this.campaignRevision || ch.value === undefined) return;
    const before = this.campaign;
    this.campaign = ch.value;
    this.campaignRevision = ch.revision;
    // No `id:` here: ids are row revisions, and definition changes are resent on every connect.
    this.emit(encodeFrames(campaignChangeFrames(before, ch.value)), 0);
  }

  /** A definition this process just wrote: visible to its next request without waiting for the watch. */
  noteCampaign(campaign: Campaign, revision: number): void {
    this.applyCampaign({ key: "", revision, operation: "PUT", value: campaign, isUpdate: true });
  }

  private index(id: string, prospect: Prospect): void {
    const email = prospect.email?.toLowerCase();
    if (email !== undefined) this.byEmail.set(email, id);
    for (const system of CrmSystems) {
      const rid = prospect.crm?.[system];
      if (rid !== undefined) this.byCrm.set(`${system}:${rid}`, id);
    }
  }

  private unindex(id: string, prospect: Prospect): void {
    const email = prospect.email?.toLowerCase();
    if (email !== undefined && this.byEmail.get(email) === id) this.byEmail.delete(email);
    for (const system of CrmSystems) {
      const rid = prospect.crm?.[system];
      if (rid !== undefined && this.byCrm.get(`${system}:${rid}`) === id)
        this.byCrm.delete(`${system}:${rid}`);
    }
  }

  byEmailAddress(email: string): RowItem | undefined {
    return this.byLowerCaseEmail(email.toLowerCase());
  }

  /** `byEmailAddress` for an address the caller already lower-cased (a whole list at once). */
  byLowerCaseEmail(email: string): RowItem | undefined {
    const id = this.byEmail.get(email);
    return id === undefined ? undefined : this.rows.get(id);
  }

  byCrmId(system: string, recordId: string): RowItem | undefined {
    const id = this.byCrm.get(`${system}:${recordId}`);
    return id === undefined ? undefined : this.rows.get(id);
  }

  /** Every row, in cursor order, as the engine's bulk selections need them. */
  allRows(): Row[] {
    const out: Row[] = [];
    for (const id of this.ids()) {
      const item = this.rows.get(id);
      if (item !== undefined) out.push(commandRow(item));
    }
    return out;
  }

  /** Prospect ids in a stable order, the order cursors page through. */
  ids(): string[] {
    if (this.sortedIds === undefined) this.sortedIds = [...this.rows.keys()].sort();
    return this.sortedIds;
  }

  /** Rows changed after `revision`, oldest first, as SSE text (a resume's catch-up). */
  changesSince(revision: number): { text: string; count: number } {
    const changed = [...this.rows.values()].filter((r) => r.revision > revision);
    changed.sort((a, b) => a.revision - b.revision);
    let text = "";
    for (const item of changed) text += encodeFrames(publicRowFrames(item), item.revision);
    return { text, count: changed.length };
  }

  /** The campaign as an SSE frame, sent first on every connection (optionally carrying an id). */
  definitionFrame(id?: number): string {
    return encodeFrames([{ event: "campaign", data: JSON.stringify(this.campaign) }], id);
  }

  /**
   * The row a command on it is judged against: the view's row, or `fresh` (a stored row read
   * while waiting for pending commands) when that is newer. Pending commands are folded in by
   * the caller (commands/pending.ts).
   */
  rowForCommand(prospectId: string, fresh?: { value: Row; revision: number }): Row | undefined {
    const item = this.rows.get(prospectId);
    if (item === undefined) return undefined;
    if (fresh !== undefined && fresh.revision > item.revision) return fresh.value;
    return commandRow(item);
  }
}
