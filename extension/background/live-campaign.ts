// One live connection per active campaign: a snapshot of all rows plus the event stream,
// resumed from the persisted last event id so a restarted service worker misses nothing.

import type { StreamStatus, StudioClient, StudioEvent } from "@studio/client";
import type { Campaign, Cell, Prospect, ProspectRow } from "@studio/contracts";
import { lastEventIdsItem } from "../shared/settings";

export type LiveCampaignSink = {
  snapshot(campaignId: string): void;
  cells(campaignId: string, cells: Cell[]): void;
  prospects(campaignId: string, prospects: Prospect[]): void;
  campaign(campaign: Campaign): void;
  status(campaignId: string, status: StreamStatus): void;
};

export function createLiveCampaign(
  campaignId: string,
  client: StudioClient,
  sink: LiveCampaignSink,
) {
  const rows = new Map<string, ProspectRow>();
  const orphanCells = new Map<string, Cell[]>();
  let campaign: Campaign | undefined;
  let loaded = false;
  let loading: Promise<void> | undefined;
  let pendingCells: Cell[] = [];
  let flushTimer: ReturnType<typeof setTimeout> | undefined;
  let persistTimer: ReturnType<typeof setTimeout> | undefined;
  let lastId: string | undefined;
  let stream: ReturnType<StudioClient["openEventStream"]> | undefined;
  let closed = false;

  /** Keeps the newer of two versions of a cell; returns true when `c` was applied. */
  function mergeCell(c: Cell): boolean {
    const row = rows.get(c.prospectId);
    if (!row) {
      const list = orphanCells.get(c.prospectId) ?? [];
      list.push(c);
      orphanCells.set(c.prospectId, list);
      return false;
    }
    const prev = row.cells[c.stepId];
    if (prev && prev.version > c.version) return false;
    row.cells[c.stepId] = c;
    return true;
  }

  function queueCells(cells: Cell[]) {
    pendingCells.push(...cells);
    if (!flushTimer) {
      flushTimer = setTimeout(() => {
        flushTimer = undefined;
        const out = pendingCells;
        pendingCells = [];
        if (out.length) sink.cells(campaignId, out);
      }, 16);
    }
  }

  function putProspect(p: Prospect) {
    const row = rows.get(p.id) ?? { prospect: p, cells: {} };
    row.prospect = p;
    rows.set(p.id, row);
    const orphans = orphanCells.get(p.id);
    orphanCells.delete(p.id);
    sink.prospects(campaignId, [p]);
    if (orphans) queueCells(orphans.filter(mergeCell));
  }

  const onEvent = (e: StudioEvent) => {
    if (e.type === "cell") {
      if (mergeCell(e.data)) queueCells([e.data]);
    } else if (e.type === "prospect") {
      putProspect(e.data);
    } else if (e.type === "campaign") {
      campaign = e.data;
      sink.campaign(e.data);
    } else if (e.type === "step" && campaign) {
      campaign = {
        ...campaign,
        steps: campaign.steps.map((s) => (s.id === e.data.id ? e.data : s)),
      };
      sink.campaign(campaign);
    }
  };

  function persistId(id: string) {
    lastId = id;
    if (persistTimer) return;
    persistTimer = setTimeout(async () => {
      persistTimer = undefined;
      const all = await lastEventIdsItem.getValue();
      if (lastId) await lastEventIdsItem.setValue({ ...all, [campaignId]: lastId });
    }, 200);
  }

  /** Full refetch; events that arrive meanwhile are merged by version, so order does not matter. */
  function reload(): Promise<void> {
    loading ??= (async () => {
      try {
        const c = await client.getCampaign(campaignId);
        campaign = c;
        let cursor: string | undefined;
        do {
          const page = await client.listProspects(campaignId, {
            limit: 500,
            ...(cursor ? { cursor } : {}),
          });
          for (const item of page.items) {
            const cur = rows.get(item.prospect.id);
            const cells = { ...item.cells };
            for (const [sid, old] of Object.entries(cur?.cells ?? {})) {
              const fresh = cells[sid];
              if (!fresh || fresh.version < old.version) cells[sid] = old;
            }
            rows.set(item.prospect.id, { prospect: item.prospect, cells });
            const orphans = orphanCells.get(item.prospect.id);
            orphanCells.delete(item.prospect.id);
            for (const o of orphans ?? []) mergeCell(o);
          }
          cursor = page.nextCursor;
        } while (cursor && !closed);
        loaded = true;
        sink.snapshot(campaignId);
      } finally {
        loading = undefined;
      }
    })();
    return loading;
  }

  return {
    id: campaignId,
    async start() {
      const ids = await lastEventIdsItem.getValue();
      const resumeFrom = ids[campaignId];
      stream = client.openEventStream(campaignId, {
        ...(resumeFrom ? { lastEventId: resumeFrom } : {}),
        onEvent,
        onEventId: persistId,
        onReset: () => {
          void reload().catch(() => {});
        },
        onStatus: (s) => {
          sink.status(campaignId, s);
          // Back after an outage: the replay fills the gap; a reload also repairs an old id.
          if (s.state === "open" && !loaded) void reload().catch(() => {});
        },
      });
      await reload().catch(() => {
        // offline at start: the stream's first open retries the load
      });
    },
    close() {
      closed = true;
      stream?.close();
    },
    reconnectNow() {
      stream?.reconnectNow();
    },
    reload,
    get loaded() {
      return loaded;
    },
    get campaign() {
      return campaign;
    },
    snapshotRows(): ProspectRow[] {
      return Array.from(rows.values());
    },
    /** A command's answer: apply it at once (the event will follow and be ignored if older). */
    applyCell(c: Cell) {
      if (mergeCell(c)) queueCells([c]);
    },
    applyRows(items: ProspectRow[]) {
      for (const item of items) {
        putProspect(item.prospect);
        for (const c of Object.values(item.cells)) if (mergeCell(c)) queueCells([c]);
      }
    },
  };
}

export type LiveCampaign = ReturnType<typeof createLiveCampaign>;
