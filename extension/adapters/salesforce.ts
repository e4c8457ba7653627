// Salesforce Lightning list views (CRM-DOM.md §2): cached views stay in the DOM hidden, and
// some components render in native shadow roots.
import type { SelectorSet } from "./types";

export const salesforceSelectors: SelectorSet = {
  id: "salesforce",
  label: "Salesforce",
  hosts: [
    "\\.lightning\\.force\\.com$",
    "\\.my\\.salesforce\\.com$",
    "\\.sandbox\\.(lightning\\.force|my\\.salesforce)\\.com$",
  ],
  paths: ["^/lightning/o/\\w+/list"],
  scope: [
    ".oneContent.active",
    ".slds-template__container > .lafSinglePaneWindowManager > .windowViewMode-normal",
  ],
  row: 'table[role="grid"] tr[data-row-key-value]',
  rowExclude: '[data-row-key-value="HEADER"]',
  deepShadow: true,
  crm: "salesforce",
  recordId: [
    { attr: "data-row-key-value", pattern: "^([a-zA-Z0-9]{15,18})$" },
    {
      hrefSelector: 'th[scope="row"] a[href*="/lightning/r/"]',
      pattern: "/lightning/r/(?:\\w+/)?(\\w{15,18})/",
    },
  ],
  email: ['td[data-label="Email"]'],
  name: ['th[scope="row"] a'],
  company: ['td[data-label="Account Name"] a', 'td[data-label="Company"]'],
  title: ['td[data-label="Title"]'],
  mount: ['th[scope="row"]'],
  watchAttributes: ["class", "hidden", "data-row-key-value", "href"],
};
