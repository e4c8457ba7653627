// Signals for one campaign as the views see it (content script, popup, side panel), fed by
// the background's live channel. Cells only move forward: an older version never wins.
import { batch, computed, type Signal, signal } from "@preact/signals";
import type { Campaign, Cell, CellState, Prospect, ProspectRow } from "@studio/contracts";
import type { RowIdentity } from "../adapters";
import type { ConnectionState, LiveMessage } from "../shared/protocol";

export function createCampaignModel() {
  const connection = signal<ConnectionState>({ state: "connecting" });
  const campaigns = signal<Campaign[]>([]);
  const activeCampaignId = signal("");
  const campaign = signal<Campaign | undefined>(undefined);
  const rows = new Map<string, Signal<ProspectRow | undefined>>();
  /** Prospect ids in arrival order; changes when a prospect is added or removed. */
  const order = signal<string[]>([]);
  const byEmail = new Map<string, string>();
  const byCrm = new Map<string, string>();
  /** Bumped whenever the lookup indexes change, so matches recompute. */
  const indexVersion = signal(0);
  const loaded = signal(false);
  let snapshotIds: string[] = [];

  function rowSignal(id: string): Signal<ProspectRow | undefined> {
    let s = rows.get(id);
    if (!s) {
      s = signal<ProspectRow | undefined>(undefined);
      rows.set(id, s);
    }
    return s;
  }

  function index(p: Prospect) {
    if (p.email) byEmail.set(p.email.toLowerCase(), p.id);
    for (const [sys, id] of Object.entries(p.crm ?? {})) if (id) byCrm.set(`${sys}:${id}`, p.id);
  }

  function putProspect(p: Prospect, cells?: Record<string, Cell>): boolean {
    const s = rowSignal(p.id);
    const isNew = s.peek() === undefined;
    s.value = { prospect: p, cells: cells ?? s.peek()?.cells ?? {} };
    index(p);
    return isNew;
  }

  function applyCells(cells: Cell[]) {
    const touched = new Map<string, Record<string, Cell>>();
    for (const c of cells) {
      const cur = touched.get(c.prospectId) ?? rows.get(c.prospectId)?.peek()?.cells;
      if (!cur && !rows.get(c.prospectId)?.peek()) continue; // prospect not known yet: its snapshot will carry it
      const prev = cur?.[c.stepId];
      if (prev && prev.version > c.version) continue;
      touched.set(c.prospectId, { ...(cur ?? {}), [c.stepId]: c });
    }
    for (const [pid, cellsOf] of touched) {
      const s = rowSignal(pid);
      const r = s.peek();
      if (r) s.value = { prospect: r.prospect, cells: cellsOf };
    }
  }

  const handlers: { [K in LiveMessage["kind"]]: (m: Extract<LiveMessage, { kind: K }>) => void } = {
    state(m) {
      connection.value = m.connection;
      campaigns.value = m.campaigns;
      activeCampaignId.value = m.activeCampaignId;
    },
    snapshot(m) {
      if (m.first) {
        if (campaign.peek()?.id !== m.campaign.id) {
          for (const s of rows.values()) s.value = undefined;
          rows.clear();
          byEmail.clear();
          byCrm.clear();
          loaded.value = false;
        }
        snapshotIds = [];
      }
      campaign.value = m.campaign;
      for (const r of m.rows) {
        const cur = rows.get(r.prospect.id)?.peek();
        // keep a newer cell we already have (events can overtake the snapshot)
        const cells = { ...r.cells };
        for (const [sid, c] of Object.entries(cur?.cells ?? {})) {
          const incoming = cells[sid];
          if (!incoming || incoming.version < c.version) cells[sid] = c;
        }
        putProspect(r.prospect, cells);
        snapshotIds.push(r.prospect.id);
      }
      if (m.last) {
        order.value = snapshotIds;
        snapshotIds = [];
        indexVersion.value++;
        loaded.value = true;
      }
    },
    cells(m) {
      if (m.campaignId === campaign.peek()?.id) applyCells(m.cells);
    },
    prospects(m) {
      if (m.campaignId !== campaign.peek()?.id) return;
      const added: string[] = [];
      for (const p of m.prospects) if (putProspect(p)) added.push(p.id);
      if (added.length) order.value = [...order.peek(), ...added];
      indexVersion.value++;
    },
    campaign(m) {
      if (m.campaign.id === campaign.peek()?.id) campaign.value = m.campaign;
      campaigns.value = campaigns.peek().map((c) => (c.id === m.campaign.id ? m.campaign : c));
    },
  };

  /** Counts per step per state, for the progress bars. */
  const counts = computed(() => {
    const out: Record<string, Partial<Record<CellState, number>>> = {};
    for (const step of campaign.value?.steps ?? []) out[step.id] = {};
    for (const id of order.value) {
      const r = rows.get(id)?.value;
      for (const [sid, c] of Object.entries(r?.cells ?? {})) {
        const m = out[sid] ?? {};
        m[c.state] = (m[c.state] ?? 0) + 1;
        out[sid] = m;
      }
    }
    return out;
  });

  return {
    connection,
    campaigns,
    activeCampaignId,
    campaign,
    order,
    indexVersion,
    loaded,
    counts,
    row: rowSignal,
    apply(m: LiveMessage) {
      batch(() => (handlers[m.kind] as (x: LiveMessage) => void)(m));
    },
    /** A CRM row's prospect: by the demo's own id, then email, then CRM record id (SPEC §7). */
    match(identity: RowIdentity): string | undefined {
      void indexVersion.value;
      if (identity.prospectId && rows.get(identity.prospectId)?.peek()) return identity.prospectId;
      if (identity.email) {
        const id = byEmail.get(identity.email);
        if (id) return id;
      }
      if (identity.crm) return byCrm.get(`${identity.crm.system}:${identity.crm.id}`);
      return undefined;
    },
  };
}

export type CampaignModel = ReturnType<typeof createCampaignModel>;
