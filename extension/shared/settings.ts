// Extension settings and persisted state, declared once (WXT storage items).
import { storage } from "wxt/utils/storage";
import type { EnabledSites, SelectorSet } from "../adapters";
import { DEFAULT_ENABLED_SITES } from "../adapters";

export const gatewayUrlItem = storage.defineItem<string>("local:gatewayUrl", {
  fallback: "http://127.0.0.1:8787",
});
export const tokenItem = storage.defineItem<string>("local:token", { fallback: "" });
export const activeCampaignItem = storage.defineItem<string>("local:activeCampaignId", {
  fallback: "",
});
export const enabledSitesItem = storage.defineItem<EnabledSites>("local:enabledSites", {
  fallback: DEFAULT_ENABLED_SITES,
});
export const customSelectorsItem = storage.defineItem<SelectorSet[]>("local:customSelectors", {
  fallback: [],
});
/** Last event id seen per campaign: a restarted service worker resumes from it (no gap). */
export const lastEventIdsItem = storage.defineItem<Record<string, string>>("local:lastEventIds", {
  fallback: {},
});
