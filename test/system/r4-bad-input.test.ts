// R4: fast-check-generated bad requests against every gateway route (wrong types, unknown
// fields, boundary values, deep nesting, huge strings and bodies, garbage bytes, bad UTF-8,
// wrong content types): never a 5xx, every refusal problem+json with the right 4xx, the
// gateway still serving. Then invalid messages on every bus subject: terminated and logged,
// the services still serving.
import { Subjects } from "@studio/contracts";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type NatsServer, startNatsServer } from "../support/nats-server";
import { logLines } from "./support/processes";
import { startReceiver, type WebhookReceiver } from "./support/receiver";
import { record, waitFor } from "./support/report";
import {
  cascadeSteps,
  importProspects,
  type System,
  scale,
  startSystem,
  WS_A,
} from "./support/system";

const REQUESTS = scale(3_000, 12_000);
// Built once: a 6 MB body per generated sample would exhaust the test process' memory.
const HUGE_BODY = `{"name":"${"x".repeat(6 * 1024 * 1024)}"}`;

interface Route {
  method: "GET" | "POST" | "PATCH";
  path: (ids: Ids) => string;
  /** A valid body to mutate (undefined: no body expected). */
  body?: (ids: Ids) => unknown;
  csv?: boolean;
}
interface Ids {
  c: string;
  p: string;
  s: string;
}

const step = {
  id: "x",
  name: "X",
  kind: "insight",
  needs: [],
  autoRun: false,
  config: {},
};
const routes: Route[] = [
  { method: "GET", path: () => "/v1/me" },
  { method: "GET", path: () => "/v1/campaigns" },
  { method: "POST", path: () => "/v1/campaigns", body: () => ({ name: "n", steps: [step] }) },
  { method: "GET", path: (i) => `/v1/campaigns/${i.c}` },
  {
    method: "PATCH",
    path: (i) => `/v1/campaigns/${i.c}/steps/${i.s}`,
    body: () => ({ autoRun: true, runExisting: false, name: "Renamed", timeoutMs: 1000 }),
  },
  {
    method: "POST",
    path: (i) => `/v1/campaigns/${i.c}/prospects`,
    body: () => ({ prospects: [{ email: "a@b.co", firstName: "A", fields: { x: 1 } }] }),
    csv: true,
  },
  { method: "GET", path: (i) => `/v1/campaigns/${i.c}/prospects?limit=5&state=done&step=${i.s}` },
  {
    method: "PATCH",
    path: (i) => `/v1/campaigns/${i.c}/prospects/${i.p}`,
    body: () => ({ title: "CTO" }),
  },
  { method: "GET", path: (i) => `/v1/campaigns/${i.c}/summary` },
  { method: "GET", path: (i) => `/v1/campaigns/${i.c}/prospects/${i.p}/cells/${i.s}` },
  ...(["run", "rerun", "cancel"] as const).map(
    (a): Route => ({
      method: "POST",
      path: (i) => `/v1/campaigns/${i.c}/prospects/${i.p}/cells/${i.s}/${a}`,
      body: () => ({ requestId: "r-1" }),
    }),
  ),
  {
    method: "PATCH",
    path: (i) => `/v1/campaigns/${i.c}/prospects/${i.p}/cells/${i.s}`,
    body: () => ({ inputs: { tone: "warm" } }),
  },
  {
    method: "POST",
    path: (i) => `/v1/campaigns/${i.c}/runs`,
    body: (i) => ({ stepId: i.s, states: ["ready"], limit: 10 }),
  },
  { method: "POST", path: (i) => `/v1/campaigns/${i.c}/stop`, body: (i) => ({ stepId: i.s }) },
];

// Values that break assumptions: wrong types, boundaries, deep nesting, huge strings.
const nasty = fc.oneof(
  fc.anything({ maxDepth: 3 }),
  fc.constantFrom(
    0,
    -1,
    2 ** 31,
    2 ** 53 + 1,
    -(2 ** 63),
    1e308,
    -1e-308,
    0.5,
    "",
    " ",
    null,
    true,
  ),
  fc.string({ unit: "binary", maxLength: 64 }),
  fc.constantFrom("x".repeat(70_000), "é".repeat(5_000), "\u0000\u202e<script>", "__proto__"),
  fc.integer({ min: 1, max: 3_000 }).map((depth) => {
    let v: unknown = 1;
    for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
    return v;
  }),
);

function mutate(base: unknown): fc.Arbitrary<unknown> {
  if (base === null || typeof base !== "object") return nasty;
  const obj = base as Record<string, unknown>;
  const keys = Object.keys(obj);
  return fc.oneof(
    // one field of the wrong type / boundary value
    fc.tuple(fc.constantFrom(...keys), nasty).map(([k, v]) => ({ ...obj, [k]: v })),
    // an unknown field
    fc
      .tuple(fc.string({ minLength: 1, maxLength: 20 }), nasty)
      .map(([k, v]) => ({ ...obj, [k]: v })),
    // a field missing
    fc.constantFrom(...keys).map((k) => {
      const { [k]: _drop, ...rest } = obj;
      return rest;
    }),
    // the whole body replaced
    nasty,
  );
}

type Sent = { route: string; kind: string; status: number; type: string; body: string };

const segment = fc.oneof(
  fc.string({ minLength: 1, maxLength: 40 }).map(encodeURIComponent),
  fc.constantFrom("%ff", "%00", "..", "%2e%2e", "a".repeat(3_000), "x.y.z", "*", ">", "%E2%80%AE"),
);

describe("R4 bad input", () => {
  let nats: NatsServer;
  let receiver: WebhookReceiver;
  let sys: System;
  let ids: Ids;
  beforeAll(async () => {
    nats = await startNatsServer();
    receiver = await startReceiver();
    sys = await startSystem({ natsUrl: nats.url, env: { STUDIO_SECRET_HOOK: receiver.secret } });
    await sys.waitReady();
    const client = sys.client();
    await client.createCampaign({ id: "r4", name: "R4", steps: cascadeSteps(receiver.url) });
    const [p] = await importProspects(client, "r4", 20);
    ids = { c: "r4", p: p!, s: "email" };
  });
  afterAll(async () => {
    await sys?.stop();
    await receiver?.close();
    await nats?.stop();
  });

  async function send(route: Route, kind: string, path: string, init: RequestInit): Promise<Sent> {
    const res = await fetch(`${sys.gatewayUrl}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${sys.tokens.a}`, ...(init.headers as object) },
    });
    const body = await res.text();
    return {
      route: `${route.method} ${route.path({ c: ":c", p: ":p", s: ":s" })}`,
      kind,
      status: res.status,
      type: res.headers.get("content-type") ?? "",
      body,
    };
  }

  // One generated request: [route, kind, path, init, the statuses that are right for it].
  const only = process.env.R4_ROUTES?.split(",").map(Number);
  const chosen = only ? routes.filter((_, i) => only.includes(i)) : routes;
  const request = fc.constantFrom(...chosen).chain((route) => {
    const path = fc.oneof(
      { weight: 4, arbitrary: fc.constant(route.path(ids)) },
      {
        weight: 1,
        arbitrary: fc.tuple(segment, segment, segment).map(([c, p, s]) => route.path({ c, p, s })),
      },
    );
    const json = (v: unknown) => ({ "content-type": "application/json", b: JSON.stringify(v) });
    const bodies: fc.Arbitrary<{ kind: string; ct?: string; b?: string | Uint8Array }> =
      route.body === undefined
        ? fc.oneof(
            fc.constant({ kind: "none" }),
            fc
              .uint8Array({ maxLength: 200 })
              .map((b) => ({ kind: "garbage", ct: "application/octet-stream", b })),
          )
        : fc.oneof(
            {
              weight: 6,
              arbitrary: mutate(route.body(ids)).map((v) => ({
                kind: "json-mutated",
                ct: json(v)["content-type"],
                b: json(v).b,
              })),
            },
            {
              weight: 1,
              arbitrary: fc
                .uint8Array({ maxLength: 300 })
                .map((b) => ({ kind: "garbage", ct: "application/json", b })),
            },
            {
              weight: 1,
              // Valid JSON but for its bytes: invalid UTF-8 inside the first string (a bad
              // byte, a lone surrogate, an overlong encoding, a truncated sequence).
              arbitrary: fc
                .constantFrom([0xff, 0xfe], [0xed, 0xa0, 0x80], [0xc0, 0xaf], [0xe2, 0x82])
                .map((bad) => {
                  const body = new TextEncoder().encode(JSON.stringify(route.body?.(ids) ?? {}));
                  const quote = body.indexOf(0x22, 1);
                  const at = quote > 0 ? quote : 1;
                  const b = Uint8Array.from([...body.slice(0, at), ...bad, ...body.slice(at)]);
                  return { kind: "bad-utf8", ct: "application/json", b };
                }),
            },
            {
              weight: 1,
              arbitrary: fc
                .constantFrom(
                  "text/plain",
                  "application/xml",
                  "multipart/form-data; boundary=x",
                  "",
                  "application/json; charset=latin1",
                  "text/csv",
                )
                .map((ct) => ({ kind: "content-type", ct, b: JSON.stringify(route.body?.(ids)) })),
            },
            {
              weight: 1,
              arbitrary: fc.constant({
                kind: "huge",
                ct: "application/json",
                b: HUGE_BODY,
              }),
            },
            { weight: 1, arbitrary: fc.constant({ kind: "empty", ct: "application/json", b: "" }) },
          );
    return fc.tuple(fc.constant(route), path, bodies);
  });

  it(`${REQUESTS} generated requests against every route: no 5xx, problem+json 4xx`, async () => {
    const samples = fc.sample(request, {
      numRuns: REQUESTS,
      seed: Number(process.env.R4_SEED ?? 7),
    });
    const results: Sent[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < samples.length) {
          const [route, path, b] = samples[next++]!;
          const headers: Record<string, string> = {};
          if (b.ct !== undefined && b.ct !== "") headers["content-type"] = b.ct;
          const init: RequestInit = { method: route.method, headers };
          if (b.b !== undefined && route.method !== "GET") init.body = b.b as BodyInit;
          results.push(await send(route, b.kind, path, init));
        }
      }),
    );
    const fiveXx = results.filter((r) => r.status >= 500);
    const notProblem = results.filter(
      (r) => r.status >= 400 && !r.type.startsWith("application/problem+json"),
    );
    const badStatus = results.filter((r) => {
      if (r.status >= 400) {
        try {
          return (JSON.parse(r.body) as { status?: number }).status !== r.status;
        } catch {
          return true;
        }
      }
      return false;
    });
    // The right 4xx for the kinds whose answer is fixed by the API contract.
    const wrong = results.filter(
      (r) =>
        (r.kind === "huge" && r.status !== 413 && r.status !== 404) ||
        (r.kind === "bad-utf8" && ![400, 404, 413].includes(r.status)),
    );
    const byStatus: Record<number, number> = {};
    for (const r of results) byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
    await record("R4-http", {
      injected:
        "fast-check requests over every route: mutated JSON, garbage, bad UTF-8, wrong content types, 6 MB bodies, bad path segments",
      requests: results.length,
      byStatus,
      fiveXx: fiveXx.length,
      notProblemJson: notProblem.length,
      samples: [...fiveXx, ...notProblem, ...badStatus, ...wrong]
        .slice(0, 3)
        .map((r) => ({ ...r, body: r.body.slice(0, 200) })),
    });
    // A 5xx comes with the gateway's own account of it, so the cause is in the failure message.
    const unhandled =
      fiveXx.length === 0
        ? []
        : (await logLines(sys.services.gateway)).filter((l) => l.msg === "unhandled error");
    expect({
      fiveXx: fiveXx.map((r) => `${r.route} ${r.kind} ${r.status} ${r.body.slice(0, 200)}`),
      unhandled,
    }).toEqual({ fiveXx: [], unhandled: [] });
    expect(notProblem.map((r) => `${r.route} ${r.kind} ${r.status} ${r.type}`)).toEqual([]);
    expect(badStatus.map((r) => `${r.route} ${r.kind} ${r.status}`)).toEqual([]);
    expect(wrong.map((r) => `${r.route} ${r.kind} ${r.status}`)).toEqual([]);
    // Still serving.
    expect(sys.services.gateway.running).toBe(true);
    expect((await sys.client().me()).workspace.id).toBe(WS_A);
    expect((await fetch(`${sys.gatewayUrl}/readyz`)).status).toBe(200);
  });

  it("invalid messages on every bus subject are terminated and logged; services keep serving", async () => {
    const garbage = [
      new TextEncoder().encode("not json"),
      new TextEncoder().encode(JSON.stringify({ type: "cell.run", nope: true })),
      Uint8Array.from([0xff, 0xfe, 0x00]),
      new TextEncoder().encode(JSON.stringify({ runId: 1, kind: "export" })),
    ];
    const subjects = [
      Subjects.command(WS_A, "r4"),
      Subjects.run("insight"),
      Subjects.run("content"),
      Subjects.run("export"),
      Subjects.result(WS_A, "r4"),
    ];
    let n = 0;
    for (const subject of subjects)
      for (const data of garbage) await sys.bus.js.publish(subject, data, { msgID: `bad-${n++}` });
    const terminated = async () => {
      let count = 0;
      for (const p of sys.all())
        count += (await logLines(p)).filter(
          (l) => l.msg === "invalid bus message terminated",
        ).length;
      return count;
    };
    await waitFor(async () => (await terminated()) >= n, 30_000, "invalid messages terminated");
    // Terminated, not redelivered: nothing left pending on any consumer.
    await new Promise((r) => setTimeout(r, 1_000));
    const logged = await terminated();
    // Still serving: a fresh cascade goes through every service.
    const client = sys.client();
    await client.createCampaign({
      id: "r4-after",
      name: "after",
      steps: cascadeSteps(receiver.url),
    });
    await importProspects(client, "r4-after", 5, "after");
    await sys.waitRows(
      "r4-after",
      5,
      (rs) => rs.every((r) => r.cells.hook?.state === "done"),
      60_000,
    );
    await record("R4-bus", {
      injected: "garbage, wrong-shape JSON and bad bytes on commands, runs (each kind) and results",
      published: n,
      terminatedAndLogged: logged,
    });
    expect(logged).toBe(n);
  });
});
