// Any page: table rows holding a mailto: link or an email address (off unless enabled).
import type { SelectorSet } from "./types";

export const genericSelectors: SelectorSet = {
  id: "generic",
  label: "Any page with email rows",
  row: "tbody tr",
  rowExclude: "[data-studio-ignore]",
  name: ["td:first-child"],
  mount: ["td:last-child"],
};
