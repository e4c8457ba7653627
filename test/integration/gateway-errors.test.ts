// Bad input and tenancy over real HTTP: every refusal is the right 4xx in problem+json, a token
// of another workspace sees nothing (404 everywhere, nothing changed), and no input gets a 5xx.
import { type Campaign, type Row, Streams, Subjects } from "@studio/contracts";
import { newRow } from "@studio/engine";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestGateway, type TestGateway } from "../../services/gateway/src/testing/harness";
import { client } from "../../services/gateway/src/testing/http";
import { type NatsServer, startNatsServer } from "../support/nats-server";

let nats: NatsServer;
let gw: TestGateway;
let a: ReturnType<typeof client>;
let b: ReturnType<typeof client>;
let tokenA: string;

const steps = [
  { id: "insight", name: "Insights", kind: "insight", needs: [], autoRun: false, config: {} },
  { id: "content", name: "Email", kind: "content", needs: ["insight"], autoRun: false, config: {} },
];

async function commandTotal(): Promise<number> {
  return (await gw.bus.jsm.streams.info(Streams.commands)).state.messages;
}

beforeAll(async () => {
  nats = await startNatsServer();
  gw = await startTestGateway(nats.url, { bodyLimits: { json: 64 * 1024, csv: 128 * 1024 } });
  tokenA = await gw.token("wsa");
  a = client(gw.url, tokenA);
  b = client(gw.url, await gw.token("wsb"));
  const res = await a<Campaign>("POST", "/v1/campaigns", {
    body: { id: "camp", name: "A's", steps },
  });
  expect(res.status).toBe(201);
  const row = newRow(
    res.body,
    { id: "pa", email: "a@a.example" },
    { now: new Date().toISOString() },
    "seed",
  ).row as Row;
  await gw.putRow(row);
  const deadline = Date.now() + 5_000;
  while (
    (await a<{ prospects: number }>("GET", "/v1/campaigns/camp/summary")).body.prospects !== 1
  ) {
    if (Date.now() > deadline) throw new Error("row not visible");
    await new Promise((r) => setTimeout(r, 20));
  }
});

afterAll(async () => {
  await gw?.close();
  await nats?.stop();
});

function expectProblem(res: { status: number; headers: Headers; body: unknown }, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toContain("application/problem+json");
  expect(res.body).toMatchObject({
    status,
    type: expect.any(String),
    title: expect.any(String),
    detail: expect.any(String),
  });
}

describe("authentication", () => {
  it("401 without a token, with an unknown one, or a malformed header", async () => {
    expectProblem(await a("GET", "/v1/me", { token: "" }), 401);
    expectProblem(await a("GET", "/v1/me", { token: "nope" }), 401);
    expectProblem(
      await a("GET", "/v1/me", { token: "", headers: { authorization: "Basic abc" } }),
      401,
    );
  });

  it("accepts ?token= (for EventSource clients)", async () => {
    expect((await a("GET", `/v1/me?token=${tokenA}`, { token: "" })).status).toBe(200);
  });

  it("429 with Retry-After beyond the token's rate", async () => {
    const slow = client(gw.url, await gw.token("wsa", { rateLimit: 2 }));
    const answers = await Promise.all(Array.from({ length: 6 }, () => slow("GET", "/v1/me")));
    const limited = answers.find((r) => r.status === 429);
    expect(limited).toBeDefined();
    if (limited) {
      expectProblem(limited, 429);
      expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    }
  });
});

describe("tenancy", () => {
  const cell = "/v1/campaigns/camp/prospects/pa/cells/insight";
  const routes: Array<[string, string, unknown?]> = [
    ["GET", "/v1/campaigns/camp"],
    ["PATCH", "/v1/campaigns/camp/steps/insight", { autoRun: true }],
    ["POST", "/v1/campaigns/camp/prospects", { prospects: [{ email: "x@b.example" }] }],
    ["GET", "/v1/campaigns/camp/prospects"],
    ["GET", "/v1/campaigns/camp/prospects?email=a@a.example"],
    ["PATCH", "/v1/campaigns/camp/prospects/pa", { title: "pwned" }],
    ["GET", "/v1/campaigns/camp/summary"],
    ["GET", cell],
    ["POST", `${cell}/run`, {}],
    ["POST", `${cell}/rerun`, {}],
    ["POST", `${cell}/cancel`, {}],
    ["PATCH", cell, { inputs: { instructions: "x" } }],
    ["POST", "/v1/campaigns/camp/runs", { stepId: "insight" }],
    ["POST", "/v1/campaigns/camp/stop", {}],
    ["GET", "/v1/campaigns/camp/events"],
  ];

  it("a token of workspace B gets 404 for every id of workspace A, and nothing changes", async () => {
    const before = await commandTotal();
    for (const [method, path, body] of routes) {
      const res = await b(method, path, body === undefined ? {} : { body });
      expect([method, path, res.status]).toEqual([method, path, 404]);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
    }
    expect(await commandTotal()).toBe(before);
    expect((await b<{ items: unknown[] }>("GET", "/v1/campaigns")).body.items).toEqual([]);
    expect((await a<Campaign>("GET", "/v1/campaigns/camp")).body.version).toBe(1);
  });

  it("an id that cannot be valid is just not found", async () => {
    expectProblem(await a("GET", "/v1/campaigns/a.b"), 404);
    expectProblem(await a("GET", "/v1/nothing-here"), 404);
  });
});

describe("bad bodies", () => {
  it("400 for malformed JSON", async () => {
    expectProblem(await a("POST", "/v1/campaigns", { raw: '{"name": "x", ' }), 400);
    expectProblem(
      await a("POST", "/v1/campaigns/camp/prospects/pa/cells/insight/run", { raw: "{nope" }),
      400,
    );
  });

  it("400 with field paths for wrong types and unknown fields", async () => {
    const wrong = await a<{ errors: Array<{ path: string }> }>("POST", "/v1/campaigns", {
      body: { name: 5, steps: "x" },
    });
    expectProblem(wrong, 400);
    expect(wrong.body.errors.map((e) => e.path).sort()).toEqual(["name", "steps"]);
    const unknown = await a<{ errors: Array<{ path: string; message: string }> }>(
      "POST",
      "/v1/campaigns/camp/runs",
      { body: { stepId: "insight", extra: true } },
    );
    expectProblem(unknown, 400);
    expect(unknown.body.errors[0]?.message).toMatch(/extra/);
    const nested = await a<{ errors: Array<{ path: string }> }>("POST", "/v1/campaigns", {
      body: { name: "x", steps: [{ ...steps[0], retry: { maxAttempts: "3", backoffMs: [] } }] },
    });
    expect(nested.body.errors[0]?.path).toBe("steps.0.retry.maxAttempts");
  });

  it("415 for a body that is not JSON", async () => {
    expectProblem(
      await a("POST", "/v1/campaigns", {
        raw: "name=x",
        contentType: "application/x-www-form-urlencoded",
      }),
      415,
    );
    expectProblem(
      await a("POST", "/v1/campaigns/camp/prospects", {
        raw: "<x/>",
        contentType: "application/xml",
      }),
      415,
    );
  });

  it("413 for a body over the limit (JSON and CSV limits apart)", async () => {
    const big = JSON.stringify({ name: "x".repeat(70 * 1024), steps });
    expectProblem(await a("POST", "/v1/campaigns", { raw: big }), 413);
    const csv = `email\n${"z@x.example\n".repeat(13_000)}`;
    expectProblem(
      await a("POST", "/v1/campaigns/camp/prospects", { raw: csv, contentType: "text/csv" }),
      413,
    );
  });

  it("413 for a chunked body (no Content-Length) over the limit", async () => {
    const chunk = new TextEncoder().encode(`"${"x".repeat(16 * 1024)}",`);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 8) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const res = await fetch(`${gw.url}/v1/campaigns`, {
      method: "POST",
      headers: { authorization: `Bearer ${tokenA}`, "content-type": "application/json" },
      body,
      duplex: "half",
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
  });

  it("400 for a CSV import over 10,000 rows", async () => {
    const csv = `email\n${Array.from({ length: 10_001 }, (_, i) => `${i}@x.io`).join("\n")}\n`;
    const res = await a<{ detail: string }>("POST", "/v1/campaigns/camp/prospects", {
      raw: csv,
      contentType: "text/csv",
    });
    expectProblem(res, 400);
    expect(res.body.detail).toContain("10000");
  });

  it("400 for CSV without a lookup column, or an empty import", async () => {
    expectProblem(
      await a("POST", "/v1/campaigns/camp/prospects", {
        raw: "name\nAda\n",
        contentType: "text/csv",
      }),
      400,
    );
    expectProblem(
      await a("POST", "/v1/campaigns/camp/prospects", { body: { prospects: [] } }),
      400,
    );
  });

  it("deeply nested conditions are refused, not a crash", async () => {
    let cond: unknown = { field: "title", op: "exists" };
    for (let i = 0; i < 200; i++) cond = { all: [cond] };
    const res = await a("POST", "/v1/campaigns", {
      body: { name: "deep", steps: [{ ...steps[0], runIf: cond }] },
    });
    expect(res.status).toBe(400);
  });
});

describe("no input gets a 5xx", () => {
  it("survives a burst of generated garbage against every route", async () => {
    const paths = [
      "/v1/campaigns",
      "/v1/campaigns/camp/steps/insight",
      "/v1/campaigns/camp/prospects",
      "/v1/campaigns/camp/prospects/pa",
      "/v1/campaigns/camp/prospects/pa/cells/insight",
      "/v1/campaigns/camp/prospects/pa/cells/insight/run",
      "/v1/campaigns/camp/prospects/pa/cells/insight/rerun",
      "/v1/campaigns/camp/prospects/pa/cells/insight/cancel",
      "/v1/campaigns/camp/runs",
      "/v1/campaigns/camp/stop",
      "/v1/campaigns/camp/prospects?limit=-1&email=",
      "/v1/campaigns/camp/prospects?limit=abc",
      "/v1/campaigns/%E0%A4%A/prospects",
    ];
    const bodies: Array<string | unknown> = [
      "null",
      "[]",
      '"str"',
      "1e999",
      "{",
      "\u0000\u0001",
      '{"__proto__":{"x":1}}',
      '{"constructor":{"prototype":{}}}',
      {
        prospects: [
          null,
          1,
          "x",
          { email: "not-an-email" },
          { email: "a@b.example", fields: { ["k".repeat(200)]: 1 } },
        ],
      },
      { stepId: "insight", prospectIds: ["../../etc"], limit: 1e12 },
      { output: { insights: [{ kind: "x".repeat(100), title: "", detail: 1, score: 2 }] } },
      { autoRun: "yes", runIf: { field: "", op: "matches", value: "(a+)+$" } },
      { requestId: "" },
      { requestId: "x".repeat(500) },
    ];
    const methods = ["GET", "POST", "PATCH", "PUT", "DELETE"];
    let n = 0;
    for (const path of paths) {
      for (const method of methods) {
        for (const body of bodies) {
          const res =
            method === "GET"
              ? await a(method, path)
              : await a(method, path, typeof body === "string" ? { raw: body } : { body });
          n++;
          expect([method, path, res.status < 500]).toEqual([method, path, true]);
          if (res.status >= 400)
            expect(res.headers.get("content-type")).toContain("application/problem+json");
        }
      }
    }
    expect(n).toBeGreaterThan(500);
    expect((await a("GET", "/healthz")).status).toBe(200);
  });
});

describe("meta routes", () => {
  it("health, readiness, metrics, OpenAPI and docs", async () => {
    expect((await a("GET", "/healthz")).status).toBe(200);
    expect((await a("GET", "/readyz")).body).toEqual({ status: "ready" });
    const metrics = await a("GET", "/metrics");
    expect(metrics.text).toContain("studio_http_requests_total");
    expect(metrics.text).toContain("studio_queue_depth");
    expect(metrics.text).toMatch(
      /studio_http_requests_total\{method="GET",route="\/v1\/campaigns\/:c",status="404"\}/,
    );
    const doc = await a<{
      openapi: string;
      paths: Record<string, unknown>;
      components: { schemas: Record<string, unknown> };
    }>("GET", "/openapi.json");
    expect(doc.body.openapi).toBe("3.1.0");
    expect(Object.keys(doc.body.paths)).toContain("/v1/campaigns/{c}/prospects/{p}/cells/{s}/run");
    expect(doc.body.components.schemas.CampaignCreateBody).toBeDefined();
    const docs = await a("GET", "/docs");
    expect(docs.headers.get("content-type")).toContain("text/html");
    expect(docs.text).toContain("/v1/campaigns/{c}/runs");
    expect(docs.text).not.toMatch(/<script[^>]+src=/);
  });

  it("CORS allows the extension origin and localhost, not others", async () => {
    const pre = (origin: string) =>
      fetch(`${gw.url}/v1/me`, {
        method: "OPTIONS",
        headers: {
          origin,
          "access-control-request-method": "POST",
          "access-control-request-headers": "authorization,idempotency-key",
        },
      });
    const ext = await pre("chrome-extension://abcdefghijklmnop");
    expect(ext.headers.get("access-control-allow-origin")).toBe(
      "chrome-extension://abcdefghijklmnop",
    );
    expect(ext.headers.get("access-control-allow-headers")?.toLowerCase()).toContain(
      "idempotency-key",
    );
    expect((await pre("http://localhost:3000")).headers.get("access-control-allow-origin")).toBe(
      "http://localhost:3000",
    );
    expect(
      (await pre("https://evil.example")).headers.get("access-control-allow-origin"),
    ).toBeNull();
  });

  it("publishes commands only to the workspace's own subject", () => {
    expect(Subjects.command("wsa", "camp")).toBe("studio.cmd.wsa.camp");
  });
});
