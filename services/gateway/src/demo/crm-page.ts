// GET /demo/crm: a CRM contacts list a rep would recognise, listing the demo campaign's prospects.
// The markup (data-studio-demo, data-contact-id, data-field) is the extension adapter's contract.
import type { Prospect } from "@studio/contracts";
import { Hono } from "hono";
import { z } from "zod";
import { html, type RawHtml } from "../http/html";
import type { Services } from "../services";
import { CRM_STYLES } from "./crm-styles";

const PAGE_SIZE = 25;
const QuerySchema = z.object({
  q: z.string().max(200).catch(""),
  owner: z.string().max(200).catch(""),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});

interface Contact {
  id: string;
  name: string;
  email: string;
  company: string;
  title: string;
  owner: string;
  lastActivity: string;
}

function contactOf(p: Prospect): Contact {
  const field = (k: string) => {
    const v = p.fields?.[k];
    return v === undefined || v === null ? "" : String(v);
  };
  return {
    id: p.id,
    name: [p.firstName, p.lastName].filter(Boolean).join(" ") || p.email || p.linkedinUrl || p.id,
    email: p.email ?? "",
    company: p.company ?? "",
    title: p.title ?? "",
    owner: field("owner"),
    lastActivity: field("lastActivity"),
  };
}

function pageLink(q: string, owner: string, page: number): string {
  const params = new URLSearchParams();
  if (q !== "") params.set("q", q);
  if (owner !== "") params.set("owner", owner);
  if (page > 1) params.set("page", String(page));
  const s = params.toString();
  return s === "" ? "/demo/crm" : `/demo/crm?${s}`;
}

/** ISO timestamps read as a CRM shows them ("Nov 24, 2026"); anything else as written. */
function activity(value: string): RawHtml | string {
  const at = /^\d{4}-\d{2}-\d{2}/.test(value) ? new Date(value) : undefined;
  if (at === undefined || Number.isNaN(at.getTime())) return value;
  const label = at.toLocaleDateString("en-US", {
    month: "short",
    day: "numeric",
    year: "numeric",
    timeZone: "UTC",
  });
  return html`<time datetime="${at.toISOString()}">${label}</time>`;
}

function row(c: Contact): RawHtml {
  return html`<tr data-contact-id="${c.id}">
<td class="check"><input type="checkbox" aria-label="Select ${c.name}"></td>
<td data-field="name">${c.name}</td>
<td data-field="email">${c.email === "" ? "" : html`<a href="mailto:${c.email}">${c.email}</a>`}</td>
<td data-field="company">${c.company}</td>
<td data-field="title">${c.title}</td>
<td data-field="owner">${c.owner}</td>
<td data-field="lastActivity">${activity(c.lastActivity)}</td>
</tr>`;
}

export function crmPageRoutes(s: Services): Hono {
  const app = new Hono();
  app.get("/demo/crm", async (c) => {
    const { q, owner, page } = QuerySchema.parse({
      q: c.req.query("q") ?? "",
      owner: c.req.query("owner") ?? "",
      page: c.req.query("page") ?? 1,
    });
    const { workspaceId, campaignId } = s.config.demo;
    const view = await s.views.find(workspaceId, campaignId).catch(() => undefined);
    const all =
      view === undefined
        ? []
        : view.ids().flatMap((id) => {
            const item = view.rows.get(id);
            return item === undefined ? [] : [contactOf(item.prospect)];
          });
    if (view !== undefined) view.lastUsed = Date.now();
    const owners = [...new Set(all.map((x) => x.owner).filter((o) => o !== ""))].sort();
    const needle = q.trim().toLowerCase();
    const filtered = all
      .filter((x) => owner === "" || x.owner === owner)
      .filter(
        (x) =>
          needle === "" ||
          `${x.name} ${x.email} ${x.company} ${x.title}`.toLowerCase().includes(needle),
      )
      .sort((a, b) => a.name.localeCompare(b.name));
    const pages = Math.max(1, Math.ceil(filtered.length / PAGE_SIZE));
    const current = Math.min(page, pages);
    const shown = filtered.slice((current - 1) * PAGE_SIZE, current * PAGE_SIZE);
    const from = filtered.length === 0 ? 0 : (current - 1) * PAGE_SIZE + 1;
    const body = html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Contacts · Demo CRM</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>${CRM_STYLES}</style></head>
<body>
<header class="topbar"><span class="logo">◆ Demo CRM</span>
<nav><a href="/demo/crm" aria-current="page">Contacts</a><a href="#">Companies</a><a href="#">Deals</a><a href="#">Tasks</a><a href="#">Reports</a></nav>
<span class="user">Sam Rep</span></header>
<main>
<div class="titlebar"><h1>Contacts</h1><span class="count">${filtered.length} records</span></div>
${view === undefined ? html`<p class="notice">The demo campaign <code>${workspaceId}/${campaignId}</code> does not exist yet. Start the stack with <code>pnpm start</code> to seed it.</p>` : ""}
<form class="filters" method="get" action="/demo/crm" role="search">
<input type="search" name="q" value="${q}" placeholder="Search name, email, company…" aria-label="Search contacts">
<select name="owner" aria-label="Contact owner"><option value="">All owners</option>${owners.map((o) => html`<option value="${o}"${o === owner ? html` selected` : ""}>${o}</option>`)}</select>
<button type="submit">Apply</button>${q !== "" || owner !== "" ? html` <a href="/demo/crm">Clear</a>` : ""}
</form>
<table data-studio-demo="contacts" class="contacts">
<thead><tr><th class="check"><input type="checkbox" aria-label="Select all"></th><th>Name</th><th>Email</th><th>Company</th><th>Job title</th><th>Contact owner</th><th>Last activity</th></tr></thead>
<tbody>${shown.map(row)}</tbody>
</table>
${shown.length === 0 ? html`<p class="empty">No contacts match these filters.</p>` : ""}
<nav class="pager" aria-label="Pages"><span>${from}–${from === 0 ? 0 : from + shown.length - 1} of ${filtered.length}</span>
${current > 1 ? html`<a rel="prev" href="${pageLink(q, owner, current - 1)}">‹ Prev</a>` : html`<span class="off">‹ Prev</span>`}
<span>Page ${current} of ${pages}</span>
${current < pages ? html`<a rel="next" href="${pageLink(q, owner, current + 1)}">Next ›</a>` : html`<span class="off">Next ›</span>`}
</nav>
</main></body></html>`;
    return c.html(body.html);
  });
  return app;
}
