// HubSpot contacts index (CRM-DOM.md §1): React table, rows recycled in place on scroll.
import type { SelectorSet } from "./types";

export const hubspotSelectors: SelectorSet = {
  id: "hubspot",
  label: "HubSpot",
  hosts: ["^app(-[\\w\\d]+)?\\.hubspot\\.com$"],
  paths: ["/contacts/\\d+/objects/0-1/", "/contacts/\\d+/(contacts/)?list/", "contacts/view/all"],
  row: 'tr[data-test-id^="row-"], table.table tbody tr',
  crm: "hubspot",
  recordId: [
    { attr: "data-test-id", prefix: "row-", pattern: "^(\\d+)$" },
    { hrefSelector: 'a[href*="/record/0-1/"]', pattern: "/record/0-1/(\\d+)" },
    { hrefSelector: 'a[href*="/contact/"]', pattern: "contacts/\\d+/contact/(\\d+)" },
  ],
  // The property segment is delimited by dashes: "-name-" never matches "-firstname-".
  email: ['td[data-table-external-id*="-email-"]'],
  name: [
    'td[data-table-external-id*="-name-"] a[href*="/record/"]',
    'td[data-table-external-id*="-name-"] [data-test-id="truncated-object-label"]',
  ],
  company: ['td[data-table-external-id*="-company-"]'],
  title: ['td[data-table-external-id*="-jobtitle-"]'],
  mount: ['td[data-table-external-id*="-name-"]'],
  watchAttributes: ["data-test-id", "href"],
};
