// A campaign's signals from `studio_signals`, kept current by one watch on the bucket so a
// run never waits on a read: the insight step ranks whatever set was imported last.
import { type Bus, openStore } from "@studio/bus";
import { Buckets, Keys, type Signal, SignalSetSchema } from "@studio/contracts";
import type { SignalSource } from "@studio/providers";
import type { Logger } from "@studio/runtime";

export interface KvSignalSource {
  source: SignalSource;
  stop(): void;
}

export async function createKvSignalSource(bus: Bus, log: Logger): Promise<KvSignalSource> {
  const store = await openStore(bus, Buckets.signals, SignalSetSchema);
  const byCampaign = new Map<string, readonly Signal[]>();
  // Watch first so nothing written during the preload is missed, then load what exists.
  const watch = await store.watch({ updatesOnly: true });
  void (async () => {
    try {
      for await (const change of watch) {
        if (change.value === undefined) byCampaign.delete(change.key);
        else byCampaign.set(change.key, change.value.signals);
      }
    } catch (err) {
      log.error({ err }, "signals watch ended");
    }
  })();
  for (const key of await store.keys()) {
    const entry = await store.get(key);
    if (entry !== undefined && !byCampaign.has(key)) byCampaign.set(key, entry.value.signals);
  }

  return {
    source: ({ workspaceId, campaignId }) =>
      workspaceId && campaignId
        ? (byCampaign.get(Keys.signals(workspaceId, campaignId)) ?? [])
        : [],
    stop: () => watch.stop(),
  };
}
