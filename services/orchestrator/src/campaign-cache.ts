// Campaign definitions by key, fetched on first use and refreshed when a command needs a
// newer version than the one held (commands carry the version they were accepted against).
import { type Campaign, Keys } from "@studio/contracts";

export interface CampaignSource {
  get(key: string): Promise<{ value: Campaign } | undefined>;
}

export class CampaignCache {
  readonly #byKey = new Map<string, Campaign>();
  readonly #loading = new Map<string, Promise<Campaign | undefined>>();

  constructor(private readonly source: CampaignSource) {}

  async get(
    workspaceId: string,
    campaignId: string,
    minVersion = 0,
  ): Promise<Campaign | undefined> {
    const key = Keys.campaign(workspaceId, campaignId);
    const held = this.#byKey.get(key);
    if (held !== undefined && held.version >= minVersion) return held;
    // One fetch per key at a time: a batch often names the same campaign many times.
    let loading = this.#loading.get(key);
    if (loading === undefined) {
      loading = this.source.get(key).then((entry) => {
        this.#loading.delete(key);
        if (entry !== undefined) this.#byKey.set(key, entry.value);
        return entry?.value;
      });
      this.#loading.set(key, loading);
    }
    const fresh = await loading;
    return fresh !== undefined && fresh.version >= minVersion ? fresh : (fresh ?? held);
  }

  /** Drop a definition (a watch saw it change) so the next use fetches it again. */
  invalidate(key: string): void {
    this.#byKey.delete(key);
  }
}
