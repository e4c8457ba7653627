// Wires a CRM page: settings → adapter → row decorator → Preact islands fed by the live model.
import { effect } from "@preact/signals";
import type { ContentScriptContext } from "wxt/utils/content-script-context";
import { pickAdapter, type RowIdentity } from "../adapters";
import { createCampaignModel } from "../models/CampaignModel";
import { connectLive } from "../models/live-connection";
import { createMessagingActions, tabMessenger } from "../shared/protocol";
import { customSelectorsItem, enabledSitesItem } from "../shared/settings";
import { mountPageBadge } from "./page-badge";
import { createRowDecorator } from "./row-decorator";
import { createRowMountFactory } from "./row-mount";

export async function startPageRuntime(ctx: ContentScriptContext) {
  let enabled = await enabledSitesItem.getValue();
  let custom = await customSelectorsItem.getValue();
  const model = createCampaignModel();
  const actions = createMessagingActions();
  let live: ReturnType<typeof connectLive> | undefined;
  let badge: ReturnType<typeof mountPageBadge> | undefined;
  let identities: RowIdentity[] = [];

  const decorator = createRowDecorator({
    doc: document,
    getAdapter: (url) => pickAdapter(url, document, enabled, custom),
    createMount: createRowMountFactory(model, actions),
    // Mount once the campaign has arrived, so islands render time-sliced with their data
    // instead of all re-rendering at once when it lands.
    canMount: () => model.loaded.peek(),
    onPass: (ids) => {
      identities = ids;
    },
    onAdapterChange: (adapter) => {
      if (adapter && !live) {
        live = connectLive(model);
        badge = mountPageBadge(model);
      }
    },
  });
  decorator.start();

  // Data arrived: mount. Another campaign: mount again, time-sliced.
  let shownCampaign: string | undefined;
  const stopEffect = effect(() => {
    const id = model.loaded.value ? model.campaign.value?.id : undefined;
    if (!id || id === shownCampaign) return;
    const first = shownCampaign === undefined;
    shownCampaign = id;
    if (first) decorator.refresh();
    else decorator.remount();
  });

  // Settings changed in Options: re-pick the adapter from scratch.
  const restart = () => {
    decorator.stop();
    decorator.start();
  };
  const unwatch = [
    enabledSitesItem.watch((v) => {
      enabled = v;
      restart();
    }),
    customSelectorsItem.watch((v) => {
      custom = v;
      restart();
    }),
  ];

  const removeListener = tabMessenger.onMessage("pageProspects", () => {
    const ids = new Set<string>();
    let unmatched = 0;
    for (const i of identities) {
      const p = model.match(i);
      if (p) ids.add(p);
      else unmatched++;
    }
    return {
      prospectIds: [...ids],
      unmatched,
      ...(decorator.adapter ? { site: decorator.adapter.label } : {}),
    };
  });

  ctx.onInvalidated(() => {
    decorator.stop();
    live?.close();
    badge?.destroy();
    stopEffect();
    removeListener();
    for (const u of unwatch) u();
  });
}
