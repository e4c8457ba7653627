// One shared suite over saved DOM fixtures of every CRM (CRM-DOM.md), plus each CRM's quirks.
import { beforeEach, describe, expect, it } from "vitest";
import { createRowDecorator, HOST_TAG, type RowMount } from "../content/row-decorator";
import { fixtureHtml, loadFixture, rewriteRow } from "./fixture-loader";
import { pickAdapter, type RowIdentity, type SiteAdapter } from "./index";

type Case = {
  fixture: string;
  url: string;
  adapter: string;
  rows: Array<Partial<RowIdentity> & { key: string; email: string }>;
  /** Turns the first row into another record in place. */
  recycle: { pairs: Array<[string, string]>; key: string; email: string };
  enabled?: Record<string, boolean>;
};

const cases: Case[] = [
  {
    fixture: "demo",
    url: "http://127.0.0.1:8787/demo/crm",
    adapter: "demo",
    rows: [
      {
        key: "p:p-ada",
        email: "ada@engines.example",
        prospectId: "p-ada",
        fields: {
          firstName: "Ada",
          lastName: "Lovelace",
          company: "Engines Ltd",
          title: "Head of Analytics",
        },
      },
      { key: "p:p-grace", email: "grace@navy.example", prospectId: "p-grace" },
      { key: "p:p-evil", email: "mallory@evil.example" },
    ],
    recycle: {
      pairs: [
        ["p-ada", "p-zed"],
        ["ada@engines", "zed@zeds"],
      ],
      key: "p:p-zed",
      email: "zed@zeds.example",
    },
  },
  {
    fixture: "hubspot",
    url: "https://app-eu1.hubspot.com/contacts/123/objects/0-1/views/all/list",
    adapter: "hubspot",
    rows: [
      {
        key: "hubspot:51",
        email: "ada@engines.example",
        crm: { system: "hubspot", id: "51" },
        fields: {
          firstName: "Ada",
          lastName: "Lovelace",
          company: "Engines Ltd",
          title: "Head of Analytics",
        },
      },
      { key: "hubspot:52", email: "grace@navy.example" },
      { key: "hubspot:53", email: "alan@bletchley.example" },
    ],
    recycle: {
      pairs: [
        ["row-51", "row-77"],
        ["/0-1/51", "/0-1/77"],
        ["-51", "-77"],
        ["ada@engines", "zed@zeds"],
        ["Ada Lovelace", "Zed Zee"],
      ],
      key: "hubspot:77",
      email: "zed@zeds.example",
    },
  },
  {
    fixture: "salesforce",
    url: "https://acme.lightning.force.com/lightning/o/Contact/list?filterName=AllContacts",
    adapter: "salesforce",
    rows: [
      {
        key: "salesforce:003000000000001AAA",
        email: "ada@engines.example",
        crm: { system: "salesforce", id: "003000000000001AAA" },
        fields: { firstName: "Ada", lastName: "Lovelace", company: "Engines Ltd" },
      },
      { key: "salesforce:003000000000002AAA", email: "grace@navy.example" },
      { key: "salesforce:003000000000003AAA", email: "alan@bletchley.example" },
    ],
    recycle: {
      pairs: [
        ["003000000000001AAA", "003000000000099AAA"],
        ["ada@engines", "zed@zeds"],
      ],
      key: "salesforce:003000000000099AAA",
      email: "zed@zeds.example",
    },
  },
  {
    fixture: "salesforce-shadow",
    url: "https://acme.lightning.force.com/lightning/o/Contact/list?filterName=AllContacts",
    adapter: "salesforce",
    rows: [
      { key: "salesforce:003000000000001AAA", email: "ada@engines.example" },
      { key: "salesforce:003000000000002AAA", email: "grace@navy.example" },
      { key: "salesforce:003000000000003AAA", email: "alan@bletchley.example" },
    ],
    recycle: {
      pairs: [
        ["003000000000001AAA", "003000000000099AAA"],
        ["ada@engines", "zed@zeds"],
      ],
      key: "salesforce:003000000000099AAA",
      email: "zed@zeds.example",
    },
  },
  {
    fixture: "pipedrive",
    url: "https://acme.pipedrive.com/persons/list/user/everyone",
    adapter: "pipedrive",
    rows: [
      {
        key: "pipedrive:42",
        email: "ada@engines.example",
        crm: { system: "pipedrive", id: "42" },
        fields: { firstName: "Ada", lastName: "Lovelace", company: "Engines Ltd" },
      },
      { key: "pipedrive:43", email: "grace@navy.example" },
      // no person link in this row: paired with the checkbox table by position
      {
        key: "pipedrive:44",
        email: "alan@bletchley.example",
        crm: { system: "pipedrive", id: "44" },
      },
    ],
    recycle: {
      pairs: [
        ["/person/42", "/person/88"],
        ["ada@engines", "zed@zeds"],
        ["Ada Lovelace", "Zed Zee"],
      ],
      key: "pipedrive:88",
      email: "zed@zeds.example",
    },
  },
  {
    fixture: "generic",
    url: "https://intranet.example/people",
    adapter: "generic",
    enabled: { generic: true },
    rows: [
      {
        key: "e:ada@engines.example",
        email: "ada@engines.example",
        fields: { firstName: "Ada", lastName: "Lovelace" },
      },
      { key: "e:grace@navy.example", email: "grace@navy.example" },
      { key: "e:alan@bletchley.example", email: "alan@bletchley.example" },
    ],
    recycle: {
      pairs: [["Ada@Engines", "zed@zeds"]],
      key: "e:zed@zeds.example",
      email: "zed@zeds.example",
    },
  },
];

type FakeMount = RowMount & { identity: RowIdentity; destroyed: boolean };

function setup(c: Case) {
  loadFixture(document, c.fixture);
  const url = new URL(c.url);
  const made: FakeMount[] = [];
  let adapter: SiteAdapter | undefined;
  const frames: Array<() => void> = [];
  const deco = createRowDecorator({
    doc: document,
    getAdapter: () => {
      adapter = pickAdapter(url, document, c.enabled ?? {});
      return adapter;
    },
    createMount: (identity) => {
      const host = document.createElement(HOST_TAG);
      host.attachShadow({ mode: "open" });
      const m: FakeMount = {
        host,
        identity,
        destroyed: false,
        update(id) {
          m.identity = id;
        },
        destroy() {
          m.destroyed = true;
          host.remove();
        },
      };
      made.push(m);
      return m;
    },
    schedule: (cb) => frames.push(cb),
    urlPollMs: 0,
  });
  const runFrames = async () => {
    await new Promise((r) => setTimeout(r, 0)); // let MutationObserver callbacks fire
    while (frames.length) frames.shift()?.();
  };
  return { deco, made, runFrames, adapter: () => adapter };
}

const hostsIn = (root: ParentNode) => {
  const out: Element[] = [];
  const walk = (r: ParentNode) => {
    out.push(...Array.from(r.querySelectorAll(HOST_TAG)));
    for (const el of Array.from(r.querySelectorAll("*")))
      if (el.shadowRoot && el.localName !== HOST_TAG) walk(el.shadowRoot);
  };
  walk(root);
  return out;
};

beforeEach(() => {
  document.body.innerHTML = "";
});

describe.each(cases)("site adapter on the $fixture fixture", (c) => {
  it("is picked for its URL and reads every visible row's identity and fields", () => {
    const { deco, adapter } = setup(c);
    deco.start();
    deco.flush();
    expect(adapter()?.id).toBe(c.adapter);
    const ids = deco.mounted().map((m) => m.key);
    expect(ids).toEqual(c.rows.map((r) => r.key));
    const a = adapter()!;
    const read = a.findRows(document).map((r) => a.readRow(r));
    for (const [i, expected] of c.rows.entries()) expect(read[i]).toMatchObject(expected);
    deco.stop();
  });

  it("mounts one strip per row, inside the row, and never duplicates across re-scans", async () => {
    const { deco, made, runFrames } = setup(c);
    deco.start();
    deco.flush();
    deco.flush();
    await runFrames();
    expect(made).toHaveLength(c.rows.length);
    expect(hostsIn(document)).toHaveLength(c.rows.length);
    for (const m of deco.mounted()) {
      expect(m.row.contains(m.host) || m.row.getRootNode() !== document).toBe(true);
      expect(m.host.getAttribute("data-ext-rid")).toBe(m.key);
    }
    deco.stop();
  });

  it("re-keys a row recycled in place to another record, without a second mount", async () => {
    const { deco, made, runFrames, adapter } = setup(c);
    deco.start();
    deco.flush();
    const first = adapter()!.findRows(document)[0]!;
    rewriteRow(first, c.recycle.pairs);
    await runFrames();
    expect(made).toHaveLength(c.rows.length);
    const m = deco.mounted().find((x) => x.row === first)!;
    expect(m.key).toBe(c.recycle.key);
    const fake = made.find((x) => x.host === m.host)!;
    expect(fake.identity.email).toBe(c.recycle.email);
    expect(hostsIn(document)).toHaveLength(c.rows.length);
    deco.stop();
  });

  it("re-inserts the strip when the CRM re-renders the cell, and cleans up removed rows", async () => {
    const { deco, made, runFrames, adapter } = setup(c);
    deco.start();
    deco.flush();
    const rows = adapter()!.findRows(document);
    const host0 = deco.mounted()[0]!.host;
    host0.parentElement!.replaceChildren(
      ...Array.from(host0.parentElement!.childNodes).filter((n) => n !== host0),
    );
    rows[1]!.remove();
    await runFrames();
    expect(host0.isConnected).toBe(true);
    expect(deco.mountedCount).toBe(c.rows.length - 1);
    expect(made.filter((m) => m.destroyed)).toHaveLength(1);
    expect(hostsIn(document)).toHaveLength(c.rows.length - 1);
    deco.stop();
    expect(hostsIn(document)).toHaveLength(0);
    expect(made.every((m) => m.destroyed)).toBe(true);
  });

  it("follows a full re-render of the list with fresh nodes: old mounts gone, no duplicates", async () => {
    const { deco, made, runFrames, adapter } = setup(c);
    deco.start();
    deco.flush();
    const tbody = adapter()!.findRows(document)[0]!.parentElement!;
    const clone = tbody.cloneNode(true) as Element; // clones our hosts too, as a naive re-render would
    tbody.replaceWith(clone);
    await runFrames();
    expect(deco.mountedCount).toBe(c.rows.length);
    expect(hostsIn(document)).toHaveLength(c.rows.length);
    expect(made.filter((m) => m.destroyed)).toHaveLength(c.rows.length);
    deco.stop();
  });
});

describe("Salesforce cached views", () => {
  it("ignores the hidden cached view and switches when another view becomes active", async () => {
    const c = cases.find((x) => x.fixture === "salesforce")!;
    const { deco, runFrames } = setup(c);
    deco.start();
    deco.flush();
    expect(deco.mounted().map((m) => m.key)).not.toContain("salesforce:00Q000000000009AAA");
    const views = document.querySelectorAll(".windowViewMode-normal");
    views[1]!.classList.remove("active");
    views[1]!.setAttribute("hidden", "");
    views[0]!.classList.add("active");
    views[0]!.removeAttribute("hidden");
    await runFrames();
    expect(deco.mounted().map((m) => m.key)).toEqual(["salesforce:00Q000000000009AAA"]);
    deco.stop();
  });

  it("sees rows added later inside a native shadow root", async () => {
    const c = cases.find((x) => x.fixture === "salesforce-shadow")!;
    const { deco, runFrames } = setup(c);
    deco.start();
    deco.flush();
    const sr = document.querySelector("lightning-datatable")!.shadowRoot!;
    const tbody = sr.querySelector("tbody")!;
    const row = tbody.querySelector("tr")!.cloneNode(true) as HTMLTableRowElement;
    for (const h of Array.from(row.querySelectorAll(HOST_TAG))) h.remove();
    rewriteRow(row, [
      ["003000000000001AAA", "003000000000004AAA"],
      ["ada@", "new@"],
    ]);
    tbody.appendChild(row);
    await runFrames();
    expect(deco.mounted().map((m) => m.key)).toContain("salesforce:003000000000004AAA");
    deco.stop();
  });
});

describe("Pipedrive pairing", () => {
  it("pairs a content row with no link to the checkbox row at the same position, after scrolling", async () => {
    const c = cases.find((x) => x.fixture === "pipedrive")!;
    const { deco, runFrames } = setup(c);
    deco.start();
    deco.flush();
    // scroll: the checkbox row at top:64px now belongs to person 45
    const input = document.querySelector('input[data-id="44"]')!;
    input.setAttribute("data-id", "45");
    const third = document.querySelectorAll('tr[data-test="grid-row"]')[2]!;
    rewriteRow(third, [["alan@bletchley", "eve@eve"]]);
    await runFrames();
    expect(deco.mounted().find((m) => m.row === third)?.key).toBe("pipedrive:45");
    deco.stop();
  });
});

describe("adapter selection", () => {
  it("leaves pages alone when their site is switched off, and generic is off by default", () => {
    loadFixture(document, "hubspot");
    const url = new URL(cases[1]!.url);
    expect(pickAdapter(url, document, { hubspot: false })).toBeUndefined();
    loadFixture(document, "generic");
    expect(pickAdapter(new URL("https://intranet.example/people"), document, {})).toBeUndefined();
  });

  it("prefers a user's selector set over the built-ins", () => {
    loadFixture(document, "generic");
    const a = pickAdapter(new URL("https://intranet.example/people"), document, {}, [
      {
        id: "custom:intranet",
        label: "Intranet",
        hosts: ["intranet\\.example$"],
        row: "tbody tr",
        name: ["td:first-child"],
      },
    ]);
    expect(a?.id).toBe("custom:intranet");
    expect(
      a
        ?.findRows(document)
        .map((r) => a.readRow(r)?.email)
        .filter(Boolean),
    ).toHaveLength(3);
  });

  it("every fixture is a full HTML page that names its URL", () => {
    for (const c of cases) expect(fixtureHtml(c.fixture)).toContain(new URL(c.url).pathname);
  });
});
