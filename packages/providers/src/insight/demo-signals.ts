// Realistic signals for the demo workspace's prospects (the demo CRM seeds people at these
// domains), so the default insight step has something to say without any setup.
import type { Signal } from "./signals";

const s = (
  domain: string,
  kind: Signal["kind"],
  date: string,
  title: string,
  detail: string,
  sourceUrl?: string,
): Signal =>
  sourceUrl
    ? { domain, kind, date, title, detail, sourceUrl }
    : { domain, kind, date, title, detail };

export const demoSignals: readonly Signal[] = [
  s(
    "northwind.io",
    "funding",
    "2026-10-28",
    "Northwind raised a $40M Series B",
    "Led by Foundry Ventures; the company says the money goes to go-to-market and a first EMEA office.",
    "https://news.example.com/northwind-series-b",
  ),
  s(
    "northwind.io",
    "hiring",
    "2026-11-12",
    "Northwind is hiring 12 account executives",
    "Open roles in London and Berlin, plus a Head of Sales Development.",
    "https://northwind.io/careers",
  ),
  s(
    "northwind.io",
    "tech_stack",
    "2026-09-02",
    "Northwind runs on HubSpot and Snowflake",
    "Job posts mention HubSpot workflows and a Snowflake data warehouse.",
  ),
  s(
    "lumen-ai.ai",
    "news",
    "2026-11-18",
    "Lumen AI launched an agent platform for support teams",
    "The launch post cites 30 design partners and a usage-based pricing model.",
    "https://lumen-ai.ai/blog/launch",
  ),
  s(
    "lumen-ai.ai",
    "job_change",
    "2026-10-05",
    "Lumen AI appointed a new VP of Marketing",
    "Joined from a public SaaS company to build out demand generation.",
  ),
  s(
    "lumen-ai.ai",
    "hiring",
    "2026-11-01",
    "Lumen AI is hiring platform engineers",
    "Five open backend and SRE roles, Kubernetes and Go.",
  ),
  s(
    "acme-logistics.com",
    "news",
    "2026-08-14",
    "Acme Logistics opened a fulfilment hub in Rotterdam",
    "The company expects to double EU parcel volume next year.",
    "https://news.example.com/acme-rotterdam",
  ),
  s(
    "acme-logistics.com",
    "tech_stack",
    "2026-07-20",
    "Acme Logistics is migrating from on-prem ERP to SAP S/4HANA",
    "Mentioned in an operations job post and a partner case study.",
  ),
  s(
    "brightpath.dev",
    "funding",
    "2026-06-30",
    "Brightpath closed a $6M seed round",
    "Backed by two developer-tools angels; team of 18.",
  ),
  s(
    "brightpath.dev",
    "hiring",
    "2026-11-20",
    "Brightpath is hiring its first sales lead",
    "Founder-led sales so far; the post asks for someone to build the playbook.",
  ),
  s(
    "finch-bank.com",
    "news",
    "2026-11-10",
    "Finch Bank received its EU banking licence",
    "Opens the way to lending products in 2027.",
    "https://news.example.com/finch-licence",
  ),
  s(
    "finch-bank.com",
    "job_change",
    "2026-09-22",
    "Finch Bank has a new Chief Risk Officer",
    "Previously led risk at a large retail bank.",
  ),
  s(
    "helio-energy.com",
    "tech_stack",
    "2026-10-15",
    "Helio Energy adopted Salesforce Service Cloud",
    "Replaced a home-grown ticketing tool for 200 field technicians.",
  ),
  s(
    "helio-energy.com",
    "hiring",
    "2026-11-05",
    "Helio Energy is hiring 40 installers",
    "Expansion into three new regions this winter.",
  ),
];

/** The domains the demo signals cover (the demo seed uses them for its prospects). */
export const demoSignalDomains: readonly string[] = [...new Set(demoSignals.map((x) => x.domain))];
