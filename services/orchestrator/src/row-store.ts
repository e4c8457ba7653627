// Rows as this process last saw them. Writes are compare-and-set on the revision held, so
// a stale cache only costs a conflict and a re-read, never a lost update (several replicas).
import type { Row } from "@studio/contracts";

export interface RowKv {
  get(
    key: string,
    options?: { verifyMissing?: boolean },
  ): Promise<{ value: Row; revision: number } | undefined>;
  create(key: string, value: Row): Promise<number>;
  update(key: string, value: Row, revision: number): Promise<number>;
}

export interface HeldRow {
  value: Row;
  revision: number;
  /** Read from this process' memory rather than from the bucket just now. */
  cached?: boolean;
}

export class RowStore {
  readonly #held = new Map<string, HeldRow>();

  constructor(
    private readonly kv: RowKv,
    private readonly maxHeld = 50_000,
  ) {}

  async read(key: string, options: { fresh?: boolean } = {}): Promise<HeldRow | undefined> {
    const held = options.fresh ? undefined : this.#held.get(key);
    if (held !== undefined) return { ...held, cached: true };
    // A fresh read is one the caller doubts: a "missing" answer is checked too (nats 2.9).
    const fresh = await this.kv.get(key, { verifyMissing: options.fresh === true });
    if (fresh !== undefined) this.#remember(key, fresh);
    return fresh;
  }

  /** Writes `next` over `base` (undefined = create). Returns false when another writer won. */
  async write(
    key: string,
    next: Row,
    base: HeldRow | undefined,
    isConflict: (err: unknown) => boolean,
  ): Promise<boolean> {
    try {
      const revision =
        base === undefined
          ? await this.kv.create(key, next)
          : await this.kv.update(key, next, base.revision);
      this.#remember(key, { value: next, revision });
      return true;
    } catch (err) {
      if (!isConflict(err)) throw err;
      this.#held.delete(key);
      return false;
    }
  }

  forget(key: string): void {
    this.#held.delete(key);
  }

  #remember(key: string, row: HeldRow): void {
    // Map keeps insertion order: re-inserting makes it the newest; evict the oldest.
    this.#held.delete(key);
    this.#held.set(key, row);
    if (this.#held.size > this.maxHeld) {
      const oldest = this.#held.keys().next().value;
      if (oldest !== undefined) this.#held.delete(oldest);
    }
  }
}
