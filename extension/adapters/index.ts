// The adapter registry: built-ins in priority order, then the user's own selector sets.
import { demoSelectors } from "./demo";
import { createAdapter } from "./engine";
import { genericSelectors } from "./generic";
import { hubspotSelectors } from "./hubspot";
import { pipedriveHooks, pipedriveSelectors } from "./pipedrive";
import { salesforceSelectors } from "./salesforce";
import type { SelectorSet, SiteAdapter, SiteId } from "./types";

export { createAdapter } from "./engine";
export type { RowIdentity, SelectorSet, SiteAdapter, SiteId } from "./types";

export const builtInAdapters: SiteAdapter[] = [
  createAdapter(demoSelectors),
  createAdapter(hubspotSelectors),
  createAdapter(salesforceSelectors),
  createAdapter(pipedriveSelectors, pipedriveHooks),
];
export const genericAdapter = createAdapter(genericSelectors);

export const BuiltInSites = [
  { id: "demo", label: "Demo CRM" },
  { id: "hubspot", label: "HubSpot" },
  { id: "salesforce", label: "Salesforce" },
  { id: "pipedrive", label: "Pipedrive" },
  { id: "generic", label: "Other pages (rows with an email)" },
] as const satisfies ReadonlyArray<{ id: SiteId; label: string }>;

export type EnabledSites = Partial<Record<SiteId, boolean>>;
export const DEFAULT_ENABLED_SITES: EnabledSites = {
  demo: true,
  hubspot: true,
  salesforce: true,
  pipedrive: true,
  generic: false,
};

/** The adapter for this page: user selector sets first, then built-ins, generic last. */
export function pickAdapter(
  url: URL,
  doc: Document,
  enabled: EnabledSites,
  custom: SelectorSet[] = [],
): SiteAdapter | undefined {
  const on = (id: SiteId) => enabled[id] ?? DEFAULT_ENABLED_SITES[id] ?? true;
  for (const set of custom) {
    const a = createAdapter(set);
    if (a.matchesUrl(url) && a.findRows(doc).length > 0) return a;
  }
  for (const a of builtInAdapters) if (on(a.id) && a.matchesUrl(url)) return a;
  if (on("generic") && genericAdapter.findRows(doc).some((r) => genericAdapter.readRow(r)?.email))
    return genericAdapter;
  return undefined;
}
