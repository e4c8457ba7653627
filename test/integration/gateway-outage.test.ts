// A bus outage is the one 5xx the gateway gives: 503 problem+json within the request deadline,
// never a hang; when nats-server is back, the same gateway serves again, event streams included.
import type { Campaign, Row } from "@studio/contracts";
import { newRow } from "@studio/engine";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestGateway, type TestGateway } from "../../services/gateway/src/testing/harness";
import { client } from "../../services/gateway/src/testing/http";
import { openSse } from "../../services/gateway/src/testing/sse";
import { type NatsServer, startNatsServer } from "../support/nats-server";

let nats: NatsServer;
let gw: TestGateway;
let call: ReturnType<typeof client>;
let token: string;
let campaign: Campaign;

const steps = [
  { id: "insight", name: "Insights", kind: "insight", needs: [], autoRun: false, config: {} },
];

beforeAll(async () => {
  nats = await startNatsServer();
  gw = await startTestGateway(nats.url, { requestTimeoutMs: 1_500 });
  token = await gw.token("out");
  call = client(gw.url, token);
  campaign = (
    await call<Campaign>("POST", "/v1/campaigns", { body: { id: "c1", name: "C1", steps } })
  ).body;
  for (const id of ["a", "b"]) {
    await gw.putRow(
      newRow(
        campaign,
        { id, email: `${id}@x.example` },
        { now: new Date().toISOString() },
        `s-${id}`,
      ).row as Row,
    );
  }
  const deadline = Date.now() + 5_000;
  while (
    (await call<{ prospects: number }>("GET", "/v1/campaigns/c1/summary")).body.prospects !== 2
  ) {
    if (Date.now() > deadline) throw new Error("rows not visible");
    await new Promise((r) => setTimeout(r, 20));
  }
});

afterAll(async () => {
  await gw?.close();
  await nats?.stop();
});

describe("bus outage", () => {
  it("answers 503 problem+json within the deadline while nats-server is down, then recovers", async () => {
    const sse = await openSse(`${gw.url}/v1/campaigns/c1/events`, { token });
    await sse.next((e) => e.event === "campaign");
    await nats.kill("SIGKILL");
    const started = Date.now();
    const run = await call("POST", "/v1/campaigns/c1/prospects/a/cells/insight/run");
    expect(run.status).toBe(503);
    expect(run.headers.get("content-type")).toContain("application/problem+json");
    expect(Date.now() - started).toBeLessThan(5_000);
    const list = await call("GET", "/v1/campaigns");
    expect(list.status).toBe(503);
    const ready = await call("GET", "/readyz");
    expect(ready.status).toBe(503);
    // Reads served from the campaign view keep working while the bus is away.
    expect((await call("GET", "/v1/campaigns/c1/prospects?email=a@x.example")).status).toBe(200);
    expect((await call("GET", "/healthz")).status).toBe(200);

    await nats.restart();
    const until = Date.now() + 15_000;
    let ok = 0;
    while (Date.now() < until) {
      ok = (await call("GET", "/readyz")).status;
      if (ok === 200) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(ok).toBe(200);
    // A retried click with the same request id is answered once.
    const click = await call("POST", "/v1/campaigns/c1/prospects/b/cells/insight/run", {
      headers: { "idempotency-key": "after-outage" },
    });
    expect(click.status).toBe(202);
    // The campaign view's watch came back by itself: a row written now reaches the open stream.
    const row = newRow(
      campaign,
      { id: "late", email: "late@x.example" },
      { now: new Date().toISOString() },
      "s-late",
    ).row as Row;
    const revision = await gw.putRow(row);
    await sse.next((x) => x.id === String(revision), 15_000);
    expect(sse.events.some((x) => x.event === "prospect" && x.data.includes('"late"'))).toBe(true);
    sse.close();
  }, 60_000);
});
