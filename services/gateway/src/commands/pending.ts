// Commands this process published that the orchestrator has not applied (or refused) yet, per
// row. The campaign view lags the orchestrator; without this, a click was judged against the
// row as it stood before the clicks just accepted for it, answered 202 "queued" with a run id,
// and the orchestrator then refused it (GOALS R9). Now a command on a row:
//   1. waits, bounded, until the orchestrator has processed the row's pending commands (seen in
//      the view's KV watch, or past the orchestrator consumer's ack floor), so it is judged
//      against the row the orchestrator will apply it to;
//   2. is judged against that row with every still-pending command folded in, in publish order,
//      by the same engine rule the orchestrator runs (the fallback when the wait runs out);
//   3. is registered here and enqueued for publishing synchronously with that decision, so the
//      next command on the row sees it, and commands of a row reach the stream in decision order.
import type { Campaign, Row } from "@studio/contracts";
import { applyEvent, type EngineEvent } from "@studio/engine";
import type { Logger } from "@studio/runtime";

export type PendingEvent = Extract<EngineEvent, { stepId: string; commandId: string }>;

interface Pending {
  commandId: string;
  event: PendingEvent;
  /** The decision's time: folded with it, so the prediction matches the 202 it answered. */
  at: string;
  /** Stream sequence once JetStream stored it. */
  seq: number | undefined;
  /** Seen in a stored row read after the orchestrator passed it (the watch will show it). */
  applied: boolean;
  expires: number;
}

interface PendingRow {
  list: Pending[];
  /** The newest stored row read while settling (newer than the view until the watch catches up). */
  fresh: StoredRow | undefined;
}

export interface StoredRow {
  value: Row;
  revision: number;
}

export interface PendingDeps {
  /** Stream sequence up to which the orchestrator has processed (acked) every command. */
  ackFloor(): Promise<number>;
  readRow(rowKey: string): Promise<StoredRow | undefined>;
  log: Logger;
  /** How long a command waits for the row's earlier commands to be processed (then folds). */
  settleMs: number;
}

// A command nobody has processed after this long (orchestrator down) stops shaping decisions.
const PENDING_TTL_MS = 30_000;
const MAX_PENDING = 100_000;
const POLL_WAITING_MS = 5;
const POLL_IDLE_MS = 50;
const READS_PER_TICK = 32;
const PRUNE_EVERY_MS = 5_000;

export class PendingCommands {
  private readonly rows = new Map<string, PendingRow>();
  private readonly waiters = new Map<string, Set<() => void>>();
  private count = 0;
  private floor = 0;
  /** The floor the last scan for processed commands ran at; scans only when it moved. */
  private scannedFloor = 0;
  private rescan = false;
  private prunedAt = Date.now();
  private polling = false;
  private closed = false;

  constructor(private readonly deps: PendingDeps) {}

  get size(): number {
    return this.count;
  }

  has(rowKey: string): boolean {
    return this.rows.has(rowKey);
  }

  /** Registers a command decided for the row; call synchronously with the decision. */
  add(rowKey: string, event: PendingEvent, at: string): Pending {
    if (this.count >= MAX_PENDING) this.clear();
    let row = this.rows.get(rowKey);
    if (row === undefined) {
      row = { list: [], fresh: undefined };
      this.rows.set(rowKey, row);
    }
    const p: Pending = {
      commandId: event.commandId,
      event,
      at,
      seq: undefined,
      applied: false,
      expires: Date.now() + PENDING_TTL_MS,
    };
    row.list.push(p);
    this.count++;
    return p;
  }

  /** JetStream stored it: from now on the orchestrator's ack floor can tell when it was processed. */
  stored(p: Pending, seq: number): void {
    p.seq = seq;
    if (seq <= this.floor) this.rescan = true;
    this.poll();
  }

  /** Publishing failed: the command is not on its way. */
  drop(rowKey: string, p: Pending): void {
    const row = this.rows.get(rowKey);
    if (row === undefined) return;
    const i = row.list.indexOf(p);
    if (i === -1) return;
    row.list.splice(i, 1);
    this.count--;
    this.tidy(rowKey, row);
  }

  /** A row change from the view's watch: commands it shows as applied are no longer pending. */
  noteRow(rowKey: string, row: Row | undefined): void {
    const pending = this.rows.get(rowKey);
    if (pending === undefined) return;
    if (row === undefined) {
      this.count -= pending.list.length;
      this.rows.delete(rowKey);
    } else {
      const kept = pending.list.filter((p) => !row.applied.includes(p.commandId));
      this.count -= pending.list.length - kept.length;
      pending.list = kept;
      this.tidy(rowKey, pending);
    }
    this.wake(rowKey);
  }

  /** Some command of the row is not known to be processed by the orchestrator yet. */
  unsettled(rowKey: string): boolean {
    return this.live(rowKey)?.list.some((p) => !p.applied) === true;
  }

  /**
   * Waits until every pending command of the row is processed by the orchestrator, or until
   * `settleMs` passed: at most one command per row of this process is then in flight, so the
   * order in which orchestrator replicas pick commands up cannot matter. Returns the stored row
   * read on the way, if any (the caller takes the newer of it and the view's row). Check
   * `unsettled` again after it resolves: another waiter may have been quicker.
   */
  async settle(
    rowKey: string,
    deadline = Date.now() + this.deps.settleMs,
  ): Promise<StoredRow | undefined> {
    for (;;) {
      const row = this.live(rowKey);
      if (row === undefined) return undefined;
      if (row.list.every((p) => p.applied)) return row.fresh;
      const left = deadline - Date.now();
      if (left <= 0) return row.fresh;
      await this.waitFor(rowKey, left);
    }
  }

  /** `base` with the row's pending commands applied in order; refused ones are skipped. */
  fold(campaign: Campaign, rowKey: string, base: Row): Row {
    const row = this.live(rowKey);
    if (row === undefined) return base;
    let current = base;
    for (const p of row.list) {
      const t = applyEvent(campaign, current, p.event, { now: p.at });
      if (t.refusal === undefined && t.row !== undefined) current = t.row;
    }
    return current;
  }

  /** The row's pending list without expired entries (undefined when nothing is pending). */
  private live(rowKey: string): PendingRow | undefined {
    const row = this.rows.get(rowKey);
    if (row === undefined) return undefined;
    const now = Date.now();
    if (row.list.some((p) => p.expires < now)) {
      const kept = row.list.filter((p) => p.expires >= now);
      this.count -= row.list.length - kept.length;
      row.list = kept;
      this.tidy(rowKey, row);
    }
    return this.rows.get(rowKey);
  }

  /** Drops expired commands of rows nobody touches any more (the orchestrator never got to them). */
  private prune(): void {
    this.prunedAt = Date.now();
    for (const key of [...this.rows.keys()]) this.live(key);
  }

  private tidy(rowKey: string, row: PendingRow): void {
    if (row.list.length === 0) this.rows.delete(rowKey);
  }

  private clear(): void {
    this.deps.log.warn(
      { pending: this.count },
      "too many pending commands tracked; forgetting them",
    );
    this.rows.clear();
    this.count = 0;
    for (const key of [...this.waiters.keys()]) this.wake(key);
  }

  private waitFor(rowKey: string, ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      let set = this.waiters.get(rowKey);
      if (set === undefined) {
        set = new Set();
        this.waiters.set(rowKey, set);
      }
      const waiters = set;
      const done = () => {
        clearTimeout(timer);
        waiters.delete(done);
        if (waiters.size === 0 && this.waiters.get(rowKey) === waiters) this.waiters.delete(rowKey);
        resolve();
      };
      const timer = setTimeout(done, ms);
      waiters.add(done);
      this.poll();
    });
  }

  private wake(rowKey: string): void {
    const set = this.waiters.get(rowKey);
    if (set === undefined) return;
    for (const w of [...set]) w();
  }

  /** Follows the orchestrator's ack floor while anything is pending. */
  private poll(): void {
    if (this.polling || this.closed) return;
    this.polling = true;
    void this.pollLoop().finally(() => {
      this.polling = false;
    });
  }

  private async pollLoop(): Promise<void> {
    while (!this.closed && this.count > 0) {
      if (Date.now() - this.prunedAt > PRUNE_EVERY_MS) this.prune();
      try {
        this.floor = Math.max(this.floor, await this.deps.ackFloor());
        await this.retireProcessed();
      } catch (err) {
        this.deps.log.debug({ err }, "pending commands: ack floor unavailable");
      }
      const ms = this.waiters.size > 0 ? POLL_WAITING_MS : POLL_IDLE_MS;
      await new Promise((r) => setTimeout(r, ms));
    }
  }

  /**
   * Commands the orchestrator has processed but the watch has not shown as applied: read the
   * row. Not in its `applied` → refused: retire. In it → the watch is about to show it: keep it
   * folded (the fold is a no-op on a row that has it) and let a waiter decide on the read row.
   */
  private async retireProcessed(): Promise<void> {
    if (this.floor === this.scannedFloor && !this.rescan) return;
    const floor = this.floor;
    this.rescan = false;
    const due: string[] = [];
    for (const [key, row] of this.rows) {
      if (row.list.some((p) => !p.applied && p.seq !== undefined && p.seq <= floor)) {
        if (due.length >= READS_PER_TICK) {
          this.rescan = true;
          break;
        }
        due.push(key);
      }
    }
    this.scannedFloor = floor;
    await Promise.all(
      due.map(async (key) => {
        let stored: StoredRow | undefined;
        try {
          stored = await this.deps.readRow(key);
        } catch {
          this.rescan = true;
          return;
        }
        const row = this.rows.get(key);
        if (row === undefined) return;
        if (
          stored !== undefined &&
          (row.fresh === undefined || stored.revision > row.fresh.revision)
        )
          row.fresh = stored;
        const applied = stored?.value.applied ?? [];
        const kept: Pending[] = [];
        for (const p of row.list) {
          const processed = p.seq !== undefined && p.seq <= floor;
          if (!processed) kept.push(p);
          else if (applied.includes(p.commandId)) {
            p.applied = true;
            kept.push(p);
          }
        }
        this.count -= row.list.length - kept.length;
        row.list = kept;
        this.tidy(key, row);
        this.wake(key);
      }),
    );
  }

  close(): void {
    this.closed = true;
    for (const key of [...this.waiters.keys()]) this.wake(key);
  }
}
