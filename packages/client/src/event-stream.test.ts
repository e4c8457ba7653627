import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createStudioClient } from "./client";
import type { StreamStatus, StudioEvent } from "./event-stream";

type Handler = (req: IncomingMessage, res: ServerResponse, n: number) => void;

let server: Server | undefined;
const sockets = new Set<import("node:net").Socket>();

async function serve(handler: Handler): Promise<string> {
  let n = 0;
  server = createServer((req, res) => handler(req, res, n++));
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((r) => server?.listen(0, "127.0.0.1", r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  for (const s of sockets) s.destroy();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = undefined;
});

const cellEvent = (id: number, state = "running") =>
  `id: ${id}\nevent: cell\ndata: ${JSON.stringify({ prospectId: "p1", stepId: "s1", state, version: id })}\n\n`;

function until(cond: () => boolean, ms = 5000): Promise<void> {
  const t0 = Date.now();
  return new Promise((resolve, reject) => {
    const tick = () => {
      if (cond()) resolve();
      else if (Date.now() - t0 > ms) reject(new Error("timed out"));
      else setTimeout(tick, 10);
    };
    tick();
  });
}

describe("event stream", () => {
  it("sends the token and Last-Event-ID, delivers typed events and skips comments", async () => {
    const seen: Array<Record<string, string | string[] | undefined>> = [];
    const base = await serve((req, res) => {
      seen.push(req.headers);
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write(": ping\n\n");
      res.write(cellEvent(11));
      res.write('id: 12\nevent: prospect\ndata: {"id":"p1",\ndata: "email":"a@x.io"}\n\n');
    });
    const events: StudioEvent[] = [];
    const client = createStudioClient({ baseUrl: base, token: "tok" });
    const h = client.openEventStream("c1", { lastEventId: "10", onEvent: (e) => events.push(e) });
    await until(() => events.length === 2);
    h.close();
    expect(seen[0]?.authorization).toBe("Bearer tok");
    expect(seen[0]?.["last-event-id"]).toBe("10");
    expect(events[0]).toMatchObject({ id: "11", type: "cell", data: { state: "running" } });
    expect(events[1]).toMatchObject({ id: "12", type: "prospect", data: { email: "a@x.io" } });
    expect(h.lastEventId).toBe("12");
  });

  it("reconnects after the server drops the connection and resumes from the last id", async () => {
    const lastIds: Array<string | undefined> = [];
    const base = await serve((req, res, n) => {
      lastIds.push(req.headers["last-event-id"] as string | undefined);
      res.writeHead(200, { "content-type": "text/event-stream" });
      if (n === 0) {
        res.write(cellEvent(1));
        res.write(cellEvent(2));
        setTimeout(() => res.socket?.destroy(), 20);
      } else {
        res.write(cellEvent(3, "done"));
      }
    });
    const events: StudioEvent[] = [];
    const statuses: StreamStatus[] = [];
    const client = createStudioClient({ baseUrl: base, token: "t" });
    const h = client.openEventStream("c1", {
      onEvent: (e) => events.push(e),
      onStatus: (s) => statuses.push(s),
      initialDelayMs: 20,
    });
    await until(() => events.length === 3);
    h.close();
    expect(events.map((e) => e.id)).toEqual(["1", "2", "3"]);
    expect(lastIds).toEqual([undefined, "2"]);
    expect(statuses.map((s) => s.state)).toEqual(
      expect.arrayContaining(["connecting", "open", "offline", "closed"]),
    );
  });

  it("keeps retrying with backoff while the gateway is down, then catches up", async () => {
    let up = false;
    const attempts: number[] = [];
    const base = await serve((req, res) => {
      attempts.push(Date.now());
      if (!up) {
        res.socket?.destroy();
        return;
      }
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write(cellEvent(Number(req.headers["last-event-id"] ?? 0) + 1));
    });
    const events: StudioEvent[] = [];
    const offline: StreamStatus[] = [];
    const h = createStudioClient({ baseUrl: base, token: "t" }).openEventStream("c1", {
      lastEventId: "40",
      onEvent: (e) => events.push(e),
      onStatus: (s) => s.state === "offline" && offline.push(s),
      initialDelayMs: 10,
      maxDelayMs: 80,
    });
    await until(() => offline.length >= 4);
    expect(offline[0]?.error?.name).toBe("NetworkError");
    const delays = offline.map((s) => s.retryInMs ?? 0);
    expect(delays[3]).toBeGreaterThan(delays[0] ?? 0);
    expect(Math.max(...delays)).toBeLessThanOrEqual(80 * 1.2);
    up = true;
    await until(() => events.length === 1);
    h.close();
    expect(events[0]?.id).toBe("41");
  });

  it("reports an HTTP refusal as a StudioApiError and keeps trying", async () => {
    const base = await serve((_req, res, n) => {
      if (n === 0) {
        res.writeHead(401, { "content-type": "application/problem+json" });
        res.end(
          JSON.stringify({
            type: "about:blank",
            title: "Unauthorized",
            status: 401,
            detail: "unknown token",
          }),
        );
        return;
      }
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write(cellEvent(1));
    });
    const errors: Error[] = [];
    const events: StudioEvent[] = [];
    const h = createStudioClient({ baseUrl: base, token: "bad" }).openEventStream("c1", {
      onEvent: (e) => events.push(e),
      onStatus: (s) => s.error && errors.push(s.error),
      initialDelayMs: 10,
    });
    await until(() => events.length === 1);
    h.close();
    expect(errors[0]).toMatchObject({
      name: "StudioApiError",
      status: 401,
      detail: "unknown token",
    });
  });

  it("calls onReset on `event: reset` and continues with live events", async () => {
    const base = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write("id: 900\nevent: reset\ndata: {}\n\n");
      res.write(cellEvent(901));
    });
    const resets: Array<string | undefined> = [];
    const events: StudioEvent[] = [];
    const h = createStudioClient({ baseUrl: base, token: "t" }).openEventStream("c1", {
      lastEventId: "3",
      onEvent: (e) => events.push(e),
      onReset: (id) => resets.push(id),
    });
    await until(() => events.length === 1);
    h.close();
    expect(resets).toEqual(["900"]);
    expect(h.lastEventId).toBe("901");
  });

  it("reconnects when the stream goes silent longer than the idle timeout", async () => {
    const base = await serve((_req, res, n) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      if (n === 0)
        res.write(cellEvent(1)); // then silence: no ping
      else res.write(cellEvent(2));
    });
    const events: StudioEvent[] = [];
    const h = createStudioClient({ baseUrl: base, token: "t" }).openEventStream("c1", {
      onEvent: (e) => events.push(e),
      idleTimeoutMs: 100,
      initialDelayMs: 10,
    });
    await until(() => events.length === 2);
    h.close();
    expect(events.map((e) => e.id)).toEqual(["1", "2"]);
  });

  it("stops for good when its signal aborts", async () => {
    let connections = 0;
    const base = await serve((_req, res) => {
      connections++;
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write(": ping\n\n");
    });
    const ctrl = new AbortController();
    const statuses: string[] = [];
    createStudioClient({ baseUrl: base, token: "t" }).openEventStream("c1", {
      onEvent: () => {},
      onStatus: (s) => statuses.push(s.state),
      signal: ctrl.signal,
      initialDelayMs: 5,
    });
    await until(() => statuses.includes("open"));
    ctrl.abort();
    await new Promise((r) => setTimeout(r, 100));
    expect(connections).toBe(1);
    expect(statuses.at(-1)).toBe("closed");
  });
});
