import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStudioClient } from "./client";
import { isNetworkError, isStudioApiError, StudioApiError } from "./errors";

type Seen = { method?: string; url?: string; headers: IncomingMessage["headers"]; body: string };
const seen: Seen[] = [];
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      seen.push({ method: req.method, url: req.url, headers: req.headers, body });
      if (req.url?.includes("/run")) {
        res.writeHead(409, { "content-type": "application/problem+json" });
        res.end(
          JSON.stringify({
            type: "about:blank",
            title: "Conflict",
            status: 409,
            detail: "waiting for Insights",
            code: "waiting_for_upstream",
          }),
        );
        return;
      }
      if (req.url === "/v1/campaigns" && req.method === "POST") {
        res.writeHead(400, { "content-type": "application/problem+json" });
        res.end(
          JSON.stringify({
            type: "about:blank",
            title: "Bad Request",
            status: 400,
            detail: "invalid",
            errors: [{ path: "steps.1.needs.0", message: "unknown step" }],
          }),
        );
        return;
      }
      if (req.url === "/v1/limited") {
        res.writeHead(429, { "retry-after": "3" });
        res.end("slow down");
        return;
      }
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ ok: true, url: req.url }));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe("studio client", () => {
  it("sends the bearer token and builds prospect list queries", async () => {
    const c = createStudioClient({ baseUrl: base, token: "tok" });
    await c.listProspects("camp 1", {
      email: ["a@x.io", "b@y.io"],
      crm: { hubspot: "51" },
      state: "ready",
      step: "content",
      cursor: "abc",
      limit: 50,
    });
    const last = seen.at(-1)!;
    expect(last.headers.authorization).toBe("Bearer tok");
    const url = new URL(last.url!, "http://x");
    expect(url.pathname).toBe("/v1/campaigns/camp%201/prospects");
    expect(Object.fromEntries(url.searchParams)).toEqual({
      email: "a@x.io,b@y.io",
      "crm.hubspot": "51",
      state: "ready",
      step: "content",
      cursor: "abc",
      limit: "50",
    });
  });

  it("sends requestId as Idempotency-Key and in the body", async () => {
    const c = createStudioClient({ baseUrl: base, token: "t" });
    await c.rerun({ campaignId: "c", prospectId: "p", stepId: "s", requestId: "req-1" });
    const last = seen.at(-1)!;
    expect(last.method).toBe("POST");
    expect(last.url).toBe("/v1/campaigns/c/prospects/p/cells/s/rerun");
    expect(last.headers["idempotency-key"]).toBe("req-1");
    expect(JSON.parse(last.body)).toEqual({ requestId: "req-1" });
  });

  it("edits a cell with only output/inputs in the body", async () => {
    const c = createStudioClient({ baseUrl: base, token: "t" });
    await c.editCell({
      campaignId: "c",
      prospectId: "p",
      stepId: "s",
      output: { body: "hi", channel: "email" },
    });
    const last = seen.at(-1)!;
    expect(last.method).toBe("PATCH");
    expect(JSON.parse(last.body)).toEqual({ output: { body: "hi", channel: "email" } });
  });

  it("posts CSV text with its content type", async () => {
    const c = createStudioClient({ baseUrl: base, token: "t" });
    await c.upsertProspects("c", { csv: "email\na@x.io\n" });
    const last = seen.at(-1)!;
    expect(last.headers["content-type"]).toBe("text/csv");
    expect(last.body).toBe("email\na@x.io\n");
  });

  it("turns a 409 problem+json into a StudioApiError with code and detail", async () => {
    const c = createStudioClient({ baseUrl: base, token: "t" });
    const err = await c.run({ campaignId: "c", prospectId: "p", stepId: "s" }).catch((e) => e);
    expect(isStudioApiError(err)).toBe(true);
    expect(err).toBeInstanceOf(StudioApiError);
    expect(err).toMatchObject({
      status: 409,
      code: "waiting_for_upstream",
      detail: "waiting for Insights",
    });
  });

  it("keeps field errors of a 400 and Retry-After of a 429", async () => {
    const c = createStudioClient({ baseUrl: base, token: "t" });
    const err = await c.createCampaign({ name: "x", steps: [] }).catch((e) => e);
    expect(err.errors).toEqual([{ path: "steps.1.needs.0", message: "unknown step" }]);
    const limited = await createStudioClient({
      baseUrl: base,
      token: "t",
      fetch: (_u, init) => fetch(`${base}v1/limited`, init),
    })
      .me()
      .catch((e) => e);
    expect(limited).toMatchObject({ status: 429, retryAfter: 3, detail: "slow down" });
  });

  it("throws a NetworkError when the gateway is unreachable", async () => {
    const c = createStudioClient({ baseUrl: "http://127.0.0.1:1", token: "t" });
    const err = await c.me().catch((e) => e);
    expect(isNetworkError(err)).toBe(true);
  });
});
