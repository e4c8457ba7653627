// The event stream over real HTTP: events from KV changes, resume with Last-Event-ID after a
// disconnect while changes happen (no gap), reset for a bogus id, nothing leaked after close.
import { type Campaign, type Cell, type CellState, Keys, type Row } from "@studio/contracts";
import { newRow } from "@studio/engine";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestGateway, type TestGateway } from "../../services/gateway/src/testing/harness";
import { client } from "../../services/gateway/src/testing/http";
import { openSse } from "../../services/gateway/src/testing/sse";
import { type NatsServer, startNatsServer } from "../support/nats-server";

const WS = "evt";
let nats: NatsServer;
let gw: TestGateway;
let call: ReturnType<typeof client>;
let token: string;
let campaign: Campaign;
const rows = new Map<string, Row>();

const steps = [
  { id: "insight", name: "Insights", kind: "insight", needs: [], autoRun: false, config: {} },
  { id: "content", name: "Email", kind: "content", needs: ["insight"], autoRun: false, config: {} },
];
const eventsUrl = () => `${gw.url}/v1/campaigns/live/events`;

/** Moves one cell to a state and writes the row, as the orchestrator would; returns the revision. */
async function setCell(prospectId: string, stepId: string, state: CellState): Promise<number> {
  const row = structuredClone(rows.get(prospectId) as Row);
  const cell = row.cells[stepId];
  if (cell === undefined) throw new Error("no cell");
  cell.state = state;
  cell.version += 1;
  row.version += 1;
  rows.set(prospectId, row);
  return gw.putRow(row);
}

beforeAll(async () => {
  nats = await startNatsServer();
  gw = await startTestGateway(nats.url, { ssePingMs: 200, viewIdleMs: 300 });
  token = await gw.token(WS);
  call = client(gw.url, token);
  campaign = (
    await call<Campaign>("POST", "/v1/campaigns", { body: { id: "live", name: "Live", steps } })
  ).body;
  for (const id of ["a", "b", "c"]) {
    const row = newRow(
      campaign,
      { id, email: `${id}@x.example` },
      { now: new Date().toISOString() },
      `seed-${id}`,
    ).row as Row;
    rows.set(id, row);
    await gw.putRow(row);
  }
});

afterAll(async () => {
  await gw?.close();
  await nats?.stop();
});

describe("event stream", () => {
  it("sends the campaign first, then a cell event per changed cell with the row revision as id", async () => {
    const sse = await openSse(eventsUrl(), { token });
    expect(sse.status).toBe(200);
    const first = await sse.next(() => true);
    expect(first.event).toBe("campaign");
    expect(Number(first.id)).toBeGreaterThan(0);
    const revision = await setCell("a", "insight", "queued");
    const e = await sse.next((x) => x.event === "cell");
    expect(e.id).toBe(String(revision));
    const cell = JSON.parse(e.data) as Cell;
    expect(cell).toMatchObject({ prospectId: "a", stepId: "insight", state: "queued" });
    expect(cell).not.toHaveProperty("lastInputs");
    await sse.next((x) => x.event === "cell" && false, 300).catch(() => undefined);
    // Only the changed cell: content did not move.
    expect(sse.events.filter((x) => x.event === "cell")).toHaveLength(1);
    sse.close();
  });

  it("accepts ?token= and sends `: ping` comments", async () => {
    const sse = await openSse(`${eventsUrl()}?token=${token}`);
    expect(sse.status).toBe(200);
    await new Promise((r) => setTimeout(r, 500));
    expect(sse.raw()).toContain(": ping");
    sse.close();
  });

  it("resumes after a disconnect with every change made meanwhile, then live, with no gap", async () => {
    const sse = await openSse(eventsUrl(), { token });
    const r1 = await setCell("b", "insight", "queued");
    const seen = await sse.next((x) => x.id === String(r1));
    sse.close();
    await sse.closed;
    // Changes while nobody listens: two rows, one of them twice.
    await setCell("b", "insight", "running");
    await setCell("c", "insight", "queued");
    const r4 = await setCell("b", "insight", "done");
    const resumed = await openSse(eventsUrl(), { token, lastEventId: seen.id as string });
    const last = await resumed.next((x) => x.id === String(r4));
    const cells = resumed.events
      .filter((x) => x.event === "cell")
      .map((x) => JSON.parse(x.data) as Cell);
    expect(cells.find((c) => c.prospectId === "c" && c.stepId === "insight")?.state).toBe("queued");
    expect(cells.filter((c) => c.prospectId === "b" && c.stepId === "insight").at(-1)?.state).toBe(
      "done",
    );
    expect(JSON.parse(last.data)).toMatchObject({ prospectId: "b" });
    const ids = resumed.events.flatMap((x) => (x.id === undefined ? [] : [Number(x.id)]));
    expect(ids.every((id, i) => i === 0 || id >= (ids[i - 1] as number))).toBe(true);
    expect(resumed.events.some((x) => x.event === "reset")).toBe(false);
    // …then live.
    const r5 = await setCell("c", "insight", "running");
    await resumed.next((x) => x.id === String(r5));
    resumed.close();
  });

  it("a resume with a concurrent writer loses nothing", async () => {
    const first = await openSse(eventsUrl(), { token });
    const start = await first.next((x) => x.event === "campaign");
    let lastSeen = start.id as string;
    const finals = new Map<string, number>();
    const writer = (async () => {
      for (let i = 0; i < 30; i++) {
        const id = ["a", "b", "c"][i % 3] as string;
        const state: CellState = i % 2 === 0 ? "queued" : "running";
        await setCell(id, "content", state);
        finals.set(id, rows.get(id)?.cells.content?.version ?? 0);
      }
    })();
    await new Promise((r) => setTimeout(r, 30));
    lastSeen = first.events.filter((x) => x.id !== undefined).at(-1)?.id ?? lastSeen;
    first.close();
    const second = await openSse(eventsUrl(), { token, lastEventId: lastSeen });
    await writer;
    for (const [id, version] of finals) {
      await second.next(
        (x) =>
          x.event === "cell" &&
          (JSON.parse(x.data) as Cell).prospectId === id &&
          (JSON.parse(x.data) as Cell).stepId === "content" &&
          (JSON.parse(x.data) as Cell).version === version,
      );
    }
    second.close();
  });

  it("answers `event: reset` for an unparsable id or one newer than the stream", async () => {
    for (const bogus of ["abc", "99999999999"]) {
      const sse = await openSse(eventsUrl(), { token, lastEventId: bogus });
      const reset = await sse.next((x) => x.event === "reset");
      expect(Number(reset.id)).toBeGreaterThan(0);
      sse.close();
    }
  });

  it("sends step and campaign events when a step definition changes", async () => {
    const sse = await openSse(eventsUrl(), { token });
    await sse.next((x) => x.event === "campaign");
    const res = await call("PATCH", "/v1/campaigns/live/steps/content", {
      body: { name: "Outreach email" },
    });
    expect(res.status).toBe(200);
    const step = await sse.next((x) => x.event === "step");
    expect(JSON.parse(step.data)).toMatchObject({ id: "content", name: "Outreach email" });
    const c = await sse.next(
      (x) => x.event === "campaign" && (JSON.parse(x.data) as Campaign).version === 2,
    );
    expect(c).toBeDefined();
    sse.close();
  });

  it("releases every listener, timer and watcher after clients go away", async () => {
    const services = gw.gateway.services;
    // Subscriptions the gateway's connection holds on the server (watches are subscriptions).
    const subs = async () => {
      const res = await fetch(`http://127.0.0.1:${nats.monitorPort}/connz?subs=1`);
      const body = (await res.json()) as {
        connections: Array<{ name?: string; subscriptions: number }>;
      };
      return body.connections.find((c) => c.name === "gateway-test")?.subscriptions ?? -1;
    };
    await services.views.get(WS, "live");
    const withView = await subs();
    for (let i = 0; i < 100; i++) {
      const sse = await openSse(eventsUrl(), { token });
      await sse.next((x) => x.event === "campaign");
      sse.close();
    }
    const clients = () => services.metrics.sseClients.get().then((m) => m.values[0]?.value ?? 0);
    const deadline = Date.now() + 5_000;
    while ((await clients()) !== 0 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    expect(await clients()).toBe(0);
    // One shared watch per campaign, never one per client.
    expect(await subs()).toBe(withView);
    const view = await services.views.find(WS, "live");
    expect(view?.listenerCount).toBe(0);
    // Idle views are closed, and with them their two KV watches.
    await new Promise((r) => setTimeout(r, 400));
    services.views.sweep();
    await new Promise((r) => setTimeout(r, 100));
    expect(services.views.size).toBe(0);
    expect(view?.closed).toBe(true);
    expect(await subs()).toBe(withView - 2);
  });

  it("404 for another workspace's stream", async () => {
    const other = await gw.token("someone-else");
    const sse = await openSse(eventsUrl(), { token: other });
    expect(sse.status).toBe(404);
    sse.close();
    expect(Keys.rowsOfCampaign(WS, "live")).toBe(`${WS}.live.>`);
  });
});
