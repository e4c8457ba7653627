// Fans live changes out to every connected view (CRM tabs, popup, side panel) over ports,
// and keeps one live connection per campaign that is active or watched by a view.

import type { StreamStatus, StudioClient } from "@studio/client";
import type { Campaign } from "@studio/contracts";
import type { Browser } from "wxt/browser";
import type { ConnectionState, LiveMessage, LiveRequest } from "../shared/protocol";
import { createLiveCampaign, type LiveCampaign } from "./live-campaign";

type Port = Browser.runtime.Port;

export function createHub(deps: {
  getClient: () => Promise<StudioClient | undefined>;
  /** A view opened: refresh the campaign list if it is old (new campaigns show up). */
  onSubscribe?: () => void;
}) {
  const ports = new Map<Port, { campaignId?: string }>();
  const lives = new Map<string, LiveCampaign>();
  let campaigns: Campaign[] = [];
  let activeCampaignId = "";
  let connection: ConnectionState = { state: "connecting" };

  const post = (port: Port, m: LiveMessage) => {
    try {
      port.postMessage(m);
    } catch {
      ports.delete(port);
    }
  };
  const campaignOf = (port: Port) => ports.get(port)?.campaignId || activeCampaignId;
  const stateMessage = (): LiveMessage => ({
    kind: "state",
    connection,
    campaigns,
    activeCampaignId,
  });

  function toCampaign(campaignId: string, m: LiveMessage) {
    for (const port of ports.keys()) if (campaignOf(port) === campaignId) post(port, m);
  }

  function sendSnapshot(port: Port, live: LiveCampaign) {
    const campaign = live.campaign;
    if (!live.loaded || !campaign) return;
    const rows = live.snapshotRows();
    const PART = 250;
    for (let i = 0; i === 0 || i < rows.length; i += PART) {
      post(port, {
        kind: "snapshot",
        campaign,
        rows: rows.slice(i, i + PART),
        first: i === 0,
        last: i + PART >= rows.length,
      });
    }
  }

  function setConnection(next: ConnectionState) {
    if (next.state === connection.state && next.message === connection.message) return;
    connection = next;
    const m = stateMessage();
    for (const port of ports.keys()) post(port, m);
  }

  function onStatus(campaignId: string, s: StreamStatus) {
    if (campaignId !== activeCampaignId) return;
    if (s.state === "open") setConnection({ state: "online" });
    else if (s.state === "offline") {
      const msg =
        s.error?.name === "StudioApiError" ? s.error.message : "the gateway is unreachable";
      setConnection({
        state: "offline",
        message: msg,
        ...(s.retryInMs ? { retryInMs: s.retryInMs } : {}),
      });
    }
  }

  async function ensureLive(campaignId: string): Promise<LiveCampaign | undefined> {
    if (!campaignId) return undefined;
    const existing = lives.get(campaignId);
    if (existing) return existing;
    const client = await deps.getClient();
    if (!client || lives.has(campaignId)) return lives.get(campaignId);
    const live = createLiveCampaign(campaignId, client, {
      snapshot: (id) => {
        for (const port of ports.keys()) if (campaignOf(port) === id) sendSnapshot(port, live);
      },
      cells: (id, cells) => toCampaign(id, { kind: "cells", campaignId: id, cells }),
      prospects: (id, prospects) =>
        toCampaign(id, { kind: "prospects", campaignId: id, prospects }),
      campaign: (c) => {
        campaigns = campaigns.map((x) => (x.id === c.id ? c : x));
        toCampaign(c.id, { kind: "campaign", campaign: c });
      },
      status: onStatus,
    });
    lives.set(campaignId, live);
    void live.start();
    return live;
  }

  /** Closes connections no view and no active campaign needs any more. */
  function gc() {
    const needed = new Set([activeCampaignId, ...Array.from(ports.keys(), campaignOf)]);
    for (const [id, live] of lives) {
      if (!needed.has(id)) {
        live.close();
        lives.delete(id);
      }
    }
  }

  return {
    attach(port: Port) {
      ports.set(port, {});
      port.onMessage.addListener((m: LiveRequest) => {
        if (m.kind !== "subscribe") return; // pings only keep the worker awake
        deps.onSubscribe?.();
        ports.set(port, m.campaignId ? { campaignId: m.campaignId } : {});
        post(port, stateMessage());
        void ensureLive(campaignOf(port)).then((live) => live && sendSnapshot(port, live));
        gc();
      });
      port.onDisconnect.addListener(() => {
        ports.delete(port);
        gc();
      });
    },
    setCampaigns(list: Campaign[], active: string) {
      campaigns = list;
      const changed = active !== activeCampaignId;
      activeCampaignId = active;
      const m = stateMessage();
      for (const port of ports.keys()) post(port, m);
      void ensureLive(active).then((live) => {
        if (!live || !changed) return;
        for (const port of ports.keys()) if (campaignOf(port) === active) sendSnapshot(port, live);
      });
      if (changed) gc();
    },
    setConnection,
    ensureLive,
    live: (id: string) => lives.get(id),
    get activeCampaignId() {
      return activeCampaignId;
    },
    get connection() {
      return connection;
    },
    reconnectAll() {
      for (const l of lives.values()) l.reconnectNow();
    },
    closeAll() {
      for (const l of lives.values()) l.close();
      lives.clear();
    },
  };
}

export type Hub = ReturnType<typeof createHub>;
