// The service worker: settings → campaigns → live connections, views on ports, commands.
import { browser } from "wxt/browser";
import { LIVE_PORT } from "../shared/protocol";
import { activeCampaignItem, gatewayUrlItem, tokenItem } from "../shared/settings";
import { registerCommands } from "./commands";
import { getClient } from "./gateway";
import { createHub } from "./hub";

export function startBackground() {
  let reloading: Promise<void> | undefined;
  let loadedAt = 0;
  const hub = createHub({
    getClient,
    onSubscribe: () => {
      if (Date.now() - loadedAt > 5_000) void reload();
    },
  });

  async function loadCampaigns(): Promise<void> {
    loadedAt = Date.now();
    const client = await getClient();
    if (!client) {
      hub.setConnection({
        state: "unconfigured",
        message: "Set the gateway URL and token in Options.",
      });
      hub.setCampaigns([], "");
      return;
    }
    try {
      const { items } = await client.listCampaigns();
      let active = await activeCampaignItem.getValue();
      if (!items.some((c) => c.id === active)) {
        active = items[0]?.id ?? "";
        await activeCampaignItem.setValue(active);
      }
      hub.setCampaigns(items, active);
      if (hub.connection.state !== "online") hub.setConnection({ state: "connecting" });
    } catch (e) {
      hub.setConnection({
        state: "offline",
        message: e instanceof Error ? e.message : "the gateway is unreachable",
      });
      setTimeout(() => void reload(), 3000);
    }
  }
  const reload = () => {
    reloading ??= loadCampaigns().finally(() => {
      reloading = undefined;
    });
    return reloading;
  };

  browser.runtime.onConnect.addListener((port) => {
    if (port.name === LIVE_PORT) hub.attach(port);
  });
  registerCommands(hub, reload);
  gatewayUrlItem.watch(() => void reload());
  tokenItem.watch(() => void reload());

  // A periodic wake-up: if the worker was stopped with no view open, it resumes the stream.
  browser.alarms?.create("studio-keepalive", { periodInMinutes: 1 });
  browser.alarms?.onAlarm.addListener(() => void reload());
  browser.runtime.onStartup?.addListener(() => void reload());
  // First install: take the rep straight to the token field.
  browser.runtime.onInstalled?.addListener(async ({ reason }) => {
    if (reason === "install" && !(await tokenItem.getValue()))
      await browser.runtime.openOptionsPage();
  });

  void reload();
  return hub;
}
