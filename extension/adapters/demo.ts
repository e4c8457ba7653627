// The gateway's demo CRM (`GET /demo/crm`): rows carry the campaign's own prospect ids.
import type { SelectorSet } from "./types";

export const demoSelectors: SelectorSet = {
  id: "demo",
  label: "Demo CRM",
  paths: ["^/demo/crm/?$"],
  row: 'table[data-studio-demo="contacts"] tr[data-contact-id]',
  prospectIdRule: [{ attr: "data-contact-id" }],
  email: ['td[data-field="email"]'],
  name: ['td[data-field="name"]'],
  company: ['td[data-field="company"]'],
  title: ['td[data-field="title"]'],
  mount: ['td[data-field="name"]'],
};
