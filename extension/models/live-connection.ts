// Keeps a view connected to the background's live channel: reconnects when the service
// worker restarts (which also wakes it), pings to keep it alive, queues bursts per frame.
import { browser } from "wxt/browser";
import { LIVE_PORT, type LiveMessage, type LiveRequest } from "../shared/protocol";
import type { CampaignModel } from "./CampaignModel";

export type LiveConnectionOptions = {
  /** Follow this campaign instead of the active one (side panel filters). */
  campaignId?: string;
  /** Max cell updates applied per animation frame (bursts stay out of long tasks). */
  cellsPerFrame?: number;
};

export function connectLive(model: CampaignModel, opts: LiveConnectionOptions = {}) {
  let port: ReturnType<typeof browser.runtime.connect> | undefined;
  let stopped = false;
  let retry = 100;
  let ping: ReturnType<typeof setInterval> | undefined;
  const queue: LiveMessage[] = [];
  let scheduled = false;
  const perFrame = opts.cellsPerFrame ?? 100;
  const raf = globalThis.requestAnimationFrame ?? ((cb: () => void) => setTimeout(cb, 16));

  function drain() {
    scheduled = false;
    let budget = perFrame;
    while (queue.length && budget > 0) {
      const m = queue[0] as LiveMessage;
      if (m.kind === "cells" && m.cells.length > budget) {
        model.apply({ ...m, cells: m.cells.slice(0, budget) });
        queue[0] = { ...m, cells: m.cells.slice(budget) };
        budget = 0;
        break;
      }
      queue.shift();
      model.apply(m);
      budget -= m.kind === "cells" ? m.cells.length : 1;
    }
    if (queue.length) schedule();
  }
  function schedule() {
    if (scheduled) return;
    scheduled = true;
    raf(drain);
  }

  const send = (m: LiveRequest) => port?.postMessage(m);

  function connect() {
    if (stopped) return;
    try {
      port = browser.runtime.connect({ name: LIVE_PORT });
    } catch {
      return; // extension reloaded: this page's script is orphaned
    }
    port.onMessage.addListener((m: LiveMessage) => {
      retry = 100;
      if (m.kind === "state" || m.kind === "snapshot") {
        // state changes are cheap and must not wait behind a burst
        // queued updates are older than a snapshot, which the background builds from its cache
        if (m.kind === "snapshot" && m.first) queue.length = 0;
        model.apply(m);
        return;
      }
      queue.push(m);
      schedule();
    });
    port.onDisconnect.addListener(() => {
      port = undefined;
      if (stopped) return;
      model.connection.value = { state: "connecting", message: "Reconnecting to the extension…" };
      setTimeout(connect, retry);
      retry = Math.min(retry * 2, 2000);
    });
    send({ kind: "subscribe", ...(opts.campaignId ? { campaignId: opts.campaignId } : {}) });
  }

  connect();
  ping = setInterval(() => send({ kind: "ping" }), 20_000);

  return {
    subscribe(campaignId?: string) {
      opts.campaignId = campaignId;
      send({ kind: "subscribe", ...(campaignId ? { campaignId } : {}) });
    },
    close() {
      stopped = true;
      if (ping) clearInterval(ping);
      port?.disconnect();
    },
  };
}
