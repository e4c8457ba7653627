// Pipedrive persons list (CRM-DOM.md §3): windowed grid whose <tr>s are reused for other
// persons while scrolling; ids live in a separate checkbox table, paired by row position.
import type { AdapterHooks, SelectorSet } from "./types";

export const pipedriveSelectors: SelectorSet = {
  id: "pipedrive",
  label: "Pipedrive",
  hosts: ["\\.pipedrive\\.com$"],
  paths: ["/persons/list/", "/list/user/(\\d+|everyone)"],
  row: '.gridContent--scrollable tr.gridRow[data-test="grid-row"], #entity-list table tbody tr',
  crm: "pipedrive",
  recordId: [
    { hrefSelector: 'td[data-field="name"] a[href*="/person/"]', pattern: "/person/(\\d+)" },
  ],
  email: ['td[data-field="email"]', 'td[data-field="person.email"]'],
  name: ['td[data-field="name"] a', 'td[data-field="name"]'],
  company: ['td[data-field="org_id"] a[href*="/organization/"]', 'td[data-field="org_id"]'],
  title: ['td[data-field="job_title"]'],
  mount: ['td[data-field="name"] .item', 'td[data-field="name"]'],
  watchAttributes: ["href", "style", "data-id"],
};

/** No person link in the row: pair it with the checkbox-table row at the same `top`. */
export const pipedriveHooks: AdapterHooks = {
  recordIdFallback(row) {
    const top = (row as HTMLElement).style?.top;
    const grid = row.closest(".gridContent");
    if (!top || !grid) return undefined;
    for (const r of grid.querySelectorAll(".gridContent__checkbox tr")) {
      if ((r as HTMLElement).style.top === top) {
        return r.querySelector("input[data-id]")?.getAttribute("data-id") ?? undefined;
      }
    }
    return undefined;
  },
};
