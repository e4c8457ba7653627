import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { never } from "../support/fixtures";
import { json, startServer, type TestServer } from "../support/test-server";
import type { ExportPayload } from "../types";
import { createWebhookTarget } from "./webhook";

const secret = `whsec_${Buffer.from("a-32-byte-secret-for-the-tests!!").toString("base64")}`;
const payload: ExportPayload = {
  workspaceId: "ws1",
  campaignId: "c1",
  prospectId: "p1",
  stepId: "export",
  runId: "run-1",
  prospect: { email: "dana@northwind.io" },
  outputs: { content: { channel: "email", subject: "Hi", body: "Hello Dana" } },
};

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

const target = (timeoutMs?: number) =>
  createWebhookTarget({
    url: `${server.url}/hooks/studio`,
    secret,
    ...(timeoutMs ? { timeoutMs } : {}),
  });
const failure = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error("expected a failure");
    },
    (e: unknown) => e,
  );

describe("webhook target", () => {
  it("posts a Standard Webhooks signed payload the receiver can verify, with the key as webhook-id", async () => {
    server.handle((_req, res) => json(res, 200, { ok: true }, { "x-external-id": "rcv-77" }));
    const result = await target().deliver(payload, "ws1.c1.p1.export.abc", never());
    expect(result).toEqual({ externalId: "rcv-77" });
    const req = server.received.at(-1)!;
    expect(req.headers["webhook-id"]).toBe("ws1.c1.p1.export.abc");
    const headers = {
      "webhook-id": String(req.headers["webhook-id"]),
      "webhook-timestamp": String(req.headers["webhook-timestamp"]),
      "webhook-signature": String(req.headers["webhook-signature"]),
    };
    expect(headers["webhook-signature"]).toMatch(/^v1,/);
    const verified = new Webhook(secret).verify(req.body, headers) as {
      type: string;
      data: ExportPayload;
    };
    expect(verified.type).toBe("prospect.exported");
    expect(verified.data).toEqual(payload);
    // A receiver with another secret rejects it.
    const other = `whsec_${Buffer.from("another-secret-another-secret!!!").toString("base64")}`;
    expect(() => new Webhook(other).verify(req.body, headers)).toThrow();
  });

  it("maps 500 and 429 to retryable errors honouring Retry-After", async () => {
    server.handle((_req, res) =>
      json(res, 503, { message: "maintenance" }, { "retry-after": "3" }),
    );
    expect(await failure(target().deliver(payload, "k", never()))).toMatchObject({
      code: "target_error",
      retryable: true,
      retryAfterMs: 3_000,
    });
    const date = new Date(Date.now() + 120_000).toUTCString();
    server.handle((_req, res) => json(res, 429, { message: "slow down" }, { "retry-after": date }));
    const err = await failure(target().deliver(payload, "k", never()));
    expect(err).toMatchObject({ code: "target_error", retryable: true });
    expect((err as { retryAfterMs: number }).retryAfterMs).toBeGreaterThan(110_000);
    expect((err as Error).message).toMatch(/answered 429: slow down; retrying in 2 min/);
  });

  it("maps 410 to a permanent target_gone, other 4xx to permanent with the receiver's message", async () => {
    server.handle((_req, res) => json(res, 410, {}));
    expect(await failure(target().deliver(payload, "k", never()))).toMatchObject({
      code: "target_gone",
      retryable: false,
      message: expect.stringMatching(/answered 410 Gone.*the target is disabled until/),
    });
    server.handle((_req, res) => {
      res.writeHead(400, { "content-type": "text/plain" });
      res.end(`bad payload: ${"x".repeat(400)}`);
    });
    const err = await failure(target().deliver(payload, "k", never()));
    expect(err).toMatchObject({ code: "target_error", retryable: false });
    expect((err as Error).message).toMatch(/refused the delivery \(400\): bad payload: x+$/);
    expect((err as Error).message.length).toBeLessThan(400);
  });

  it("times out a receiver that does not answer, and reports an unreachable one, both retryable", async () => {
    server.handle(() => undefined);
    expect(await failure(target(150).deliver(payload, "k", never()))).toMatchObject({
      code: "timeout",
      retryable: true,
    });
    const gone = createWebhookTarget({ url: "http://127.0.0.1:1/x" });
    expect(await failure(gone.deliver(payload, "k", never()))).toMatchObject({
      code: "target_error",
      retryable: true,
    });
  });

  it("refuses a malformed secret permanently", async () => {
    const bad = createWebhookTarget({ url: `${server.url}/x`, secret: "whsec_%%%" });
    expect(await failure(bad.deliver(payload, "k", never()))).toMatchObject({
      code: "target_error",
      retryable: false,
    });
  });
});
