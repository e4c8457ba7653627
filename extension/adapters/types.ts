// What a site adapter is: selectors as data (a SelectorSet) plus a few optional hooks.
import type { CrmSystem } from "@studio/contracts";

export type SiteId =
  | "demo"
  | "hubspot"
  | "salesforce"
  | "pipedrive"
  | "generic"
  | `custom:${string}`;

/** A way to read a record id from a row. Tried in order; the first match wins. */
export type IdRule =
  | { attr: string; selector?: string; prefix?: string; pattern?: string }
  | { hrefSelector: string; pattern: string };

/** Selectors for one CRM list view. Plain JSON so users can write their own in Options. */
export type SelectorSet = {
  id: SiteId;
  label: string;
  /** Host regexes (any host when empty). Loopback hosts always pass, for fixtures and dev. */
  hosts?: string[];
  /** Path regexes (any path when empty). */
  paths?: string[];
  /** Containers of the view to decorate; the first visible one wins (Salesforce cached views). */
  scope?: string[];
  /** Rows inside the scope. */
  row: string;
  /** Rows to ignore (header rows). */
  rowExclude?: string;
  /** Also search open shadow roots (Salesforce native shadow). */
  deepShadow?: boolean;
  crm?: CrmSystem;
  /** The campaign's own prospect id is in the row (the demo CRM). */
  prospectIdRule?: IdRule[];
  recordId?: IdRule[];
  email?: string[];
  name?: string[];
  company?: string[];
  title?: string[];
  /** Where the chip strip goes, relative to the row; the row's last cell when none match. */
  mount?: string[];
  /** Attributes whose change means "re-check the rows" (besides childList/characterData). */
  watchAttributes?: string[];
};

export type RowIdentity = {
  /** Stable per record: what a mount is keyed by (re-checked on every change). */
  key: string;
  prospectId?: string;
  email?: string;
  crm?: { system: CrmSystem; id: string };
  fields: {
    firstName?: string;
    lastName?: string;
    company?: string;
    title?: string;
  };
};

export type SiteAdapter = {
  id: SiteId;
  label: string;
  matchesUrl(url: URL): boolean;
  /** Rows of the visible view only. */
  findRows(doc: Document): Element[];
  /** Reads the row's current identity; null when it has none (skeleton, header). */
  readRow(row: Element): RowIdentity | null;
  mountPoint(row: Element): Element | null;
  /** Shadow roots that must be observed too (the document observer does not see inside them). */
  shadowRoots(doc: Document): ShadowRoot[];
  watchAttributes: string[];
};

/** Hooks for what data cannot say (Pipedrive's id lives in a sibling table). */
export type AdapterHooks = {
  recordIdFallback?: (row: Element) => string | undefined;
};
