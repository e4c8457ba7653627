// The demo CRM page: a contacts list with filters and paging, the markup the extension's demo
// adapter relies on, and prospect data rendered as text only (GOALS R8).
import type { Campaign, Row } from "@studio/contracts";
import { newRow } from "@studio/engine";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestGateway, type TestGateway } from "../../services/gateway/src/testing/harness";
import { client } from "../../services/gateway/src/testing/http";
import { type NatsServer, startNatsServer } from "../support/nats-server";

let nats: NatsServer;
let gw: TestGateway;
let page: (query?: string) => Promise<string>;

const steps = [
  { id: "insight", name: "Insights", kind: "insight", needs: [], autoRun: false, config: {} },
];

beforeAll(async () => {
  nats = await startNatsServer();
  gw = await startTestGateway(nats.url, {
    demo: { workspaceId: "demo", campaignId: "demo-campaign" },
  });
  const call = client(gw.url, await gw.token("demo"));
  const campaign = (
    await call<Campaign>("POST", "/v1/campaigns", {
      body: { id: "demo-campaign", name: "Demo", steps },
    })
  ).body;
  const now = new Date().toISOString();
  const people = Array.from({ length: 30 }, (_, i) => ({
    id: `p${String(i).padStart(2, "0")}`,
    email: `person${i}@acme.example`,
    firstName: `First${i}`,
    lastName: `Last${i}`,
    company: "Acme",
    title: "VP Sales",
    fields: {
      owner: i % 2 === 0 ? "Sam Rep" : "Alex Rep",
      lastActivity: "2026-11-20T09:00:00.000Z",
    },
  }));
  people.push({
    id: "pevil",
    email: "mallory@evil.example",
    firstName: '<img src=x onerror="window.__pwned=1">',
    lastName: "Mallory",
    company: "<script>window.__pwned=2</script>Evil",
    title: '"><svg onload=alert(1)>',
    fields: { owner: "</td><td>", lastActivity: "<b>soon</b>" },
  });
  for (const p of people) await gw.putRow(newRow(campaign, p, { now }, `seed-${p.id}`).row as Row);
  page = async (query = "") => (await fetch(`${gw.url}/demo/crm${query}`)).text();
  const deadline = Date.now() + 5_000;
  while (!(await page()).includes("31 records")) {
    if (Date.now() > deadline) throw new Error("rows not visible");
    await new Promise((r) => setTimeout(r, 50));
  }
});

afterAll(async () => {
  await gw?.close();
  await nats?.stop();
});

const rowsOf = (html: string) =>
  [...html.matchAll(/<tr data-contact-id="([^"]+)"/g)].map((m) => m[1]);

describe("demo CRM page", () => {
  it("lists contacts with the adapter's markup contract, no auth needed", async () => {
    const res = await fetch(`${gw.url}/demo/crm`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/html");
    const html = await res.text();
    expect(html).toContain('<table data-studio-demo="contacts"');
    expect(rowsOf(html)).toHaveLength(25);
    for (const field of ["name", "email", "company", "title", "owner", "lastActivity"]) {
      expect(html).toContain(`<td data-field="${field}">`);
    }
    expect(html).toContain('<a href="mailto:person0@acme.example">person0@acme.example</a>');
    expect(html).toContain('<td data-field="name">First0 Last0</td>');
    expect(html).toContain("Nov 20, 2026");
  });

  it("pages, searches and filters by owner", async () => {
    expect(rowsOf(await page("?page=2"))).toHaveLength(6);
    expect(rowsOf(await page("?q=person7%40"))).toEqual(["p07"]);
    const sam = rowsOf(await page("?owner=Sam%20Rep"));
    expect(sam).toHaveLength(15);
    expect(rowsOf(await page("?q=nobody-at-all"))).toEqual([]);
    expect((await fetch(`${gw.url}/demo/crm?page=-4&q=${"x".repeat(500)}`)).status).toBe(200);
  });

  it("renders hostile prospect data as text", async () => {
    const html = await page("?q=mallory");
    expect(rowsOf(html)).toEqual(["pevil"]);
    expect(html).not.toContain("<script>window");
    expect(html).not.toContain("<img src=x");
    expect(html).not.toContain("<svg");
    expect(html).not.toContain("<b>soon</b>");
    expect(html).toContain("&lt;script&gt;window.__pwned=2&lt;/script&gt;Evil");
    expect(html).toContain('<td data-field="owner">&lt;/td&gt;&lt;td&gt;</td>');
  });
});
