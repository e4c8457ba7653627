// Campaign views of this process: opened on first use, shared by every request and stream,
// closed when nobody has used them for a while so no watcher outlives its clients.
import type { Logger } from "@studio/runtime";
import { NotFoundError } from "../errors/problems";
import type { Stores } from "../stores";
import { CampaignView, type RowHook } from "./campaign-view";

export interface ViewRegistryOptions {
  idleMs: number;
  /** How often idle views are looked for. */
  sweepMs?: number;
  /** Sees every row change of every view (the pending-command tracking). */
  onRow?: RowHook;
}

export class ViewRegistry {
  private readonly views = new Map<string, Promise<CampaignView | undefined>>();
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(
    private readonly stores: Stores,
    private readonly log: Logger,
    private readonly options: ViewRegistryOptions,
  ) {
    this.timer = setInterval(
      () => this.sweep(),
      options.sweepMs ?? Math.min(30_000, options.idleMs),
    );
    this.timer.unref();
  }

  /** The campaign's view, loading it if needed; 404 when the campaign is not in this workspace. */
  async get(workspaceId: string, campaignId: string): Promise<CampaignView> {
    const view = await this.find(workspaceId, campaignId);
    if (view === undefined) throw new NotFoundError("campaign");
    view.lastUsed = Date.now();
    return view;
  }

  async find(workspaceId: string, campaignId: string): Promise<CampaignView | undefined> {
    const key = `${workspaceId}/${campaignId}`;
    let pending = this.views.get(key);
    if (pending === undefined) {
      pending = CampaignView.open(
        this.stores,
        workspaceId,
        campaignId,
        this.log,
        () => {
          if (this.views.get(key) === pending) this.views.delete(key);
        },
        this.options.onRow,
      );
      this.views.set(key, pending);
      // Missing campaigns and failed loads are not cached: the next request tries again.
      pending.then(
        (v) => {
          if (v === undefined && this.views.get(key) === pending) this.views.delete(key);
        },
        () => {
          if (this.views.get(key) === pending) this.views.delete(key);
        },
      );
    }
    return pending;
  }

  /** Views currently open (for metrics and leak tests). */
  get size(): number {
    return this.views.size;
  }

  sweep(now = Date.now()): void {
    for (const [key, pending] of this.views) {
      void pending.then(
        (view) => {
          if (view === undefined || view.listenerCount > 0) return;
          if (now - view.lastUsed < this.options.idleMs) return;
          if (this.views.get(key) !== pending) return;
          this.views.delete(key);
          view.close();
          this.log.debug({ key }, "closed idle campaign view");
        },
        () => undefined,
      );
    }
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    const all = [...this.views.values()];
    this.views.clear();
    for (const p of all) {
      const view = await p.catch(() => undefined);
      view?.close();
    }
  }
}
