// A signed-webhook receiver that counts by `webhook-id` (requests, and effects: the 2xx it
// decided to give, whether or not the answer reached the sender), with scripted misbehaviour.
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";

/** What to do with the n-th request (1-based) carrying this webhook-id. */
export type Behaviour =
  | { type: "ok"; delayMs?: number }
  | { type: "status"; status: number; retryAfterS?: number; message?: string }
  | { type: "hang" };

export interface ReceiverOptions {
  behave?: (id: string, n: number) => Behaviour;
  /** Share one secret between receivers (one STUDIO_SECRET_ per service env). */
  secret?: string;
}

export const newWebhookSecret = () => `whsec_${randomBytes(24).toString("base64")}`;

export interface WebhookReceiver {
  url: string;
  secret: string;
  /** Requests seen per webhook-id (valid signature only). */
  requests: Map<string, number>;
  /** Effects per webhook-id: 2xx answers the receiver gave (in time or late). */
  effects: Map<string, number>;
  /** When each request arrived (ms since epoch), per webhook-id. */
  times: Map<string, number[]>;
  badSignatures: number;
  behave: (id: string, n: number) => Behaviour;
  lost(expected: Iterable<string>): string[];
  duplicated(): string[];
  close(): Promise<void>;
}

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

export function listen(server: Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    ),
  );
}

export async function startReceiver(options: ReceiverOptions = {}): Promise<WebhookReceiver> {
  const secret = options.secret ?? newWebhookSecret();
  const verifier = new Webhook(secret);
  const hanging = new Set<ServerResponse>();
  const r: Omit<WebhookReceiver, "url"> = {
    secret,
    requests: new Map(),
    effects: new Map(),
    times: new Map(),
    badSignatures: 0,
    behave: options.behave ?? (() => ({ type: "ok" })),
    lost(expected) {
      return [...expected].filter((id) => (r.effects.get(id) ?? 0) === 0);
    },
    duplicated() {
      return [...r.effects].filter(([, n]) => n > 1).map(([id]) => id);
    },
    close: async () => undefined,
  };
  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
    try {
      verifier.verify(body, headers);
    } catch {
      r.badSignatures++;
      res.writeHead(401).end("bad signature");
      return;
    }
    const id = headers["webhook-id"] ?? "";
    const n = (r.requests.get(id) ?? 0) + 1;
    r.requests.set(id, n);
    r.times.set(id, [...(r.times.get(id) ?? []), Date.now()]);
    const b = r.behave(id, n);
    if (b.type === "hang") {
      hanging.add(res);
      res.on("close", () => hanging.delete(res));
      return;
    }
    if (b.type === "status") {
      const h: Record<string, string> = { "content-type": "application/json" };
      if (b.retryAfterS !== undefined) h["retry-after"] = String(b.retryAfterS);
      res
        .writeHead(b.status, h)
        .end(JSON.stringify({ message: b.message ?? `status ${b.status}` }));
      return;
    }
    if (b.delayMs) await new Promise((d) => setTimeout(d, b.delayMs));
    // The effect happens here, whether or not the sender is still listening.
    r.effects.set(id, (r.effects.get(id) ?? 0) + 1);
    if (!res.destroyed) res.writeHead(204).end();
  });
  server.keepAliveTimeout = 1_000;
  const url = await listen(server);
  return Object.assign(r, {
    url: `${url}/hooks`,
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  });
}

/** An OpenAI-compatible chat-completions stand-in with scripted misbehaviour per call. */
export interface LlmStandIn {
  baseUrl: string;
  calls: number;
  /** Calls per scenario marker found in the prompt. */
  byMarker: Map<string, number>;
  behave: (marker: string, n: number) => Behaviour;
  close(): Promise<void>;
}

/** `markers`: words looked for in the prompt (e.g. a prospect's company) to pick a behaviour. */
export async function startLlmStandIn(
  markers: string[],
  behave: (marker: string, n: number) => Behaviour,
): Promise<LlmStandIn> {
  const hanging = new Set<ServerResponse>();
  const llm: Omit<LlmStandIn, "baseUrl"> = {
    calls: 0,
    byMarker: new Map(),
    behave,
    close: async () => undefined,
  };
  const server = createServer(async (req, res) => {
    const text = await readBody(req);
    const body = JSON.parse(text) as { messages: { content: string }[] };
    llm.calls++;
    const marker = markers.find((m) => text.includes(m)) ?? "";
    const n = (llm.byMarker.get(marker) ?? 0) + 1;
    llm.byMarker.set(marker, n);
    const b = llm.behave(marker, n);
    if (b.type === "hang") {
      hanging.add(res);
      res.on("close", () => hanging.delete(res));
      return;
    }
    if (b.type === "status") {
      const h: Record<string, string> = { "content-type": "application/json" };
      if (b.retryAfterS !== undefined) h["retry-after"] = String(b.retryAfterS);
      res
        .writeHead(b.status, h)
        .end(JSON.stringify({ error: { message: b.message ?? `status ${b.status}` } }));
      return;
    }
    if (b.delayMs) await new Promise((d) => setTimeout(d, b.delayMs));
    const system = body.messages[0]?.content ?? "";
    const content = system.includes('{"insights"')
      ? { insights: [{ kind: "funding", title: "Raised", detail: "Budget.", score: 0.9 }] }
      : { channel: "email", subject: "Congrats", body: "Hi there, congratulations." };
    if (res.destroyed) return;
    res.writeHead(200, { "content-type": "application/json" }).end(
      JSON.stringify({
        id: "chatcmpl-1",
        object: "chat.completion",
        created: 1,
        model: "stand-in",
        choices: [
          {
            index: 0,
            finish_reason: "stop",
            message: { role: "assistant", content: JSON.stringify(content) },
          },
        ],
        usage: { prompt_tokens: 5, completion_tokens: 5, total_tokens: 10 },
      }),
    );
  });
  const url = await listen(server);
  return Object.assign(llm, {
    baseUrl: `${url}/v1`,
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  });
}
