// Insight signals: imported through the gateway (JSON or CSV, bad rows refused by number),
// stored in studio_signals, and ranked by the local insight provider of the insight service.
import { createLocalInsightProvider } from "@studio/providers";
import { createLogger } from "@studio/runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestGateway, type TestGateway } from "../../services/gateway/src/testing/harness";
import { client } from "../../services/gateway/src/testing/http";
import { createKvSignalSource, type KvSignalSource } from "../../services/insight/src/kv-signals";
import { type NatsServer, startNatsServer } from "../support/nats-server";

const CSV = `domain,kind,title,detail,date,sourceUrl
northwind.io,funding,Northwind raises a $40M Series B,To expand go-to-market in EMEA,2026-10-02,https://news.example/northwind
northwind.io,hiring,Northwind is hiring 12 sales reps,,2026-09-20,
not a domain,news,Bad row,,2026-01-01,
`;

describe("campaign signals", () => {
  let nats: NatsServer;
  let gw: TestGateway;
  let call: ReturnType<typeof client>;
  let kv: KvSignalSource;
  beforeAll(async () => {
    nats = await startNatsServer();
    gw = await startTestGateway(nats.url);
    call = client(gw.url, await gw.token("ws-a"));
    const created = await call("POST", "/v1/campaigns", {
      body: {
        id: "sig",
        name: "Signals",
        steps: [{ id: "insights", name: "Insights", kind: "insight", needs: [], autoRun: false }],
      },
    });
    expect(created.status).toBe(201);
    kv = await createKvSignalSource(gw.bus, createLogger("test", "silent"));
  });
  afterAll(async () => {
    kv?.stop();
    await gw?.close();
    await nats?.stop();
  });

  it("imports CSV, refusing a bad row by its line and keeping the rest", async () => {
    const res = await call("POST", "/v1/campaigns/sig/signals", {
      raw: CSV,
      contentType: "text/csv",
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ imported: 2, refused: [{ row: 4 }] });
    const listed = await call<{ signals: { domain: string }[] }>(
      "GET",
      "/v1/campaigns/sig/signals",
    );
    expect(listed.body.signals.map((s) => s.domain)).toEqual(["northwind.io", "northwind.io"]);
  });

  it("refuses an import with no valid row as 422 problem+json, storing nothing", async () => {
    const res = await call("POST", "/v1/campaigns/sig/signals", {
      body: { signals: [{ domain: "x" }] },
    });
    expect(res.status).toBe(422);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    const listed = await call<{ signals: unknown[] }>("GET", "/v1/campaigns/sig/signals");
    expect(listed.body.signals).toHaveLength(2);
  });

  it("answers 404 for another workspace's campaign", async () => {
    const other = client(gw.url, await gw.token("ws-b"));
    expect((await other("GET", "/v1/campaigns/sig/signals")).status).toBe(404);
    expect(
      (await other("POST", "/v1/campaigns/sig/signals", { body: { signals: [] } })).status,
    ).toBe(404);
  });

  it("reaches the insight provider, which ranks the prospect's company news", async () => {
    const deadline = Date.now() + 5_000;
    while (
      (await kv.source({ workspaceId: "ws-a", campaignId: "sig" })).length < 2 &&
      Date.now() < deadline
    ) {
      await new Promise((r) => setTimeout(r, 50));
    }
    const provider = createLocalInsightProvider({ signals: kv.source });
    const { output } = await provider.generate(
      {
        kind: "insight",
        step: {
          id: "insights",
          name: "Insights",
          kind: "insight",
          needs: [],
          autoRun: false,
          config: {},
        },
        inputs: {
          prospect: {
            firstName: "Ada",
            title: "VP Sales",
            company: "Northwind",
            domain: "northwind.io",
          },
          upstream: {},
        },
        runId: "r1",
        attempt: 1,
        workspaceId: "ws-a",
        campaignId: "sig",
      },
      new AbortController().signal,
    );
    expect(output.insights[0]?.title).toContain("Series B");
  });
});
