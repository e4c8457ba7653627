// The gateway's routes over real HTTP against a real nats-server: success and refusal paths,
// commands on the stream, idempotent repeats. Rows are written into KV as the orchestrator would.
import { type Campaign, Keys, type Row, Streams, Subjects } from "@studio/contracts";
import { newRow } from "@studio/engine";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestGateway, type TestGateway } from "../../services/gateway/src/testing/harness";
import { client } from "../../services/gateway/src/testing/http";
import { type NatsServer, startNatsServer } from "../support/nats-server";

const WS = "acme";
let nats: NatsServer;
let gw: TestGateway;
let call: ReturnType<typeof client>;
let campaign: Campaign;

const steps = [
  { id: "insight", name: "Insights", kind: "insight", needs: [], autoRun: false, config: {} },
  { id: "content", name: "Email", kind: "content", needs: ["insight"], autoRun: false, config: {} },
  {
    id: "export",
    name: "Export",
    kind: "export",
    needs: ["content"],
    autoRun: false,
    config: { target: { type: "file" } },
  },
];

async function commandCount(campaignId: string): Promise<number> {
  const subject = Subjects.command(WS, campaignId);
  const info = await gw.bus.jsm.streams.info(Streams.commands, { subjects_filter: subject });
  return info.state.subjects?.[subject] ?? 0;
}

async function lastCommand(campaignId: string): Promise<Record<string, unknown>> {
  const m = await gw.bus.jsm.streams.getMessage(Streams.commands, {
    last_by_subj: Subjects.command(WS, campaignId),
  });
  return m?.json() ?? {};
}

/** A row as the orchestrator would write it, with cells moved to the states a test needs. */
async function seedRow(
  c: Campaign,
  id: string,
  email: string,
  states: Record<string, string> = {},
): Promise<Row> {
  const row = newRow(
    c,
    { id, email, firstName: "Ada", lastName: id, crm: { hubspot: `hs${id}` } },
    { now: new Date().toISOString() },
    `seed-${id}`,
  ).row as Row;
  for (const [stepId, state] of Object.entries(states)) {
    const cell = row.cells[stepId];
    if (cell === undefined) continue;
    cell.state = state as Row["cells"][string]["state"];
    cell.version += 1;
    if (state === "done")
      cell.output =
        stepId === "insight"
          ? { insights: [] }
          : { channel: "email", subject: "Hi", body: "Hello" };
    if (state !== "waiting") delete cell.waitingFor;
  }
  await gw.putRow(row);
  return row;
}

async function waitFor(check: () => Promise<boolean>, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 20));
  }
}

beforeAll(async () => {
  nats = await startNatsServer();
  gw = await startTestGateway(nats.url);
  call = client(gw.url, await gw.token(WS));
  const res = await call<Campaign>("POST", "/v1/campaigns", {
    body: { id: "spring", name: "Spring outreach", steps },
  });
  expect(res.status).toBe(201);
  campaign = res.body;
  await seedRow(campaign, "p1", "ada@x.example", { insight: "ready" });
  await seedRow(campaign, "p2", "bob@x.example", {
    insight: "done",
    content: "done",
    export: "ready",
  });
  await seedRow(campaign, "p3", "cy@x.example", { insight: "running" });
  await waitFor(
    async () => (await call("GET", "/v1/campaigns/spring/summary")).body.prospects === 3,
  );
});

afterAll(async () => {
  await gw?.close();
  await nats?.stop();
});

describe("identity and campaigns", () => {
  it("GET /v1/me names the token's user and workspace", async () => {
    const res = await call("GET", "/v1/me");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      user: { id: "u1", name: "Test User" },
      workspace: { id: WS, name: `Workspace ${WS}` },
    });
  });

  it("creates, reads and lists campaigns", async () => {
    expect(campaign).toMatchObject({
      id: "spring",
      name: "Spring outreach",
      version: 1,
      workspaceId: WS,
    });
    expect((await call("GET", "/v1/campaigns/spring")).body).toMatchObject({ id: "spring" });
    const list = await call<{ items: Campaign[] }>("GET", "/v1/campaigns");
    expect(list.body.items.map((c) => c.id)).toContain("spring");
  });

  it("refuses a campaign whose step needs a step to its right, with the field path", async () => {
    const bad = [steps[1], steps[0]];
    const res = await call<{ errors: Array<{ path: string }> }>("POST", "/v1/campaigns", {
      body: { name: "x", steps: bad },
    });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(res.body.errors[0]?.path).toBe("steps.0.needs.0");
  });

  it("refuses a second campaign with the same id (409)", async () => {
    const res = await call("POST", "/v1/campaigns", {
      body: { id: "spring", name: "again", steps },
    });
    expect(res.status).toBe(409);
  });

  it("answers an unknown campaign with 404", async () => {
    expect((await call("GET", "/v1/campaigns/nope")).status).toBe(404);
  });
});

describe("prospects", () => {
  it("upserts JSON prospects, refusing a row without email or LinkedIn by its number", async () => {
    const before = await commandCount("spring");
    const res = await call<{
      created: number;
      updated: number;
      items: unknown[];
      refused: Array<{ row: number }>;
    }>("POST", "/v1/campaigns/spring/prospects", {
      body: {
        prospects: [
          { email: "new@x.example", firstName: "New" },
          { firstName: "NoLookup" },
          { email: "ADA@x.example", title: "CTO" },
        ],
      },
    });
    expect(res.status).toBe(200);
    expect(res.body.created).toBe(1);
    expect(res.body.updated).toBe(1);
    expect(res.body.items).toContainEqual({ id: "p1", email: "ADA@x.example" });
    expect(res.body.refused.map((r) => r.row)).toEqual([1]);
    expect(await commandCount("spring")).toBe(before + 1);
    const cmd = await lastCommand("spring");
    expect(cmd.type).toBe("prospects.upsert");
    expect((cmd.prospects as unknown[]).length).toBe(2);
  });

  it("imports CSV with a header row; unknown columns become custom fields; bad rows by line", async () => {
    const csv = "email,first_name,Company,owner\nzed@x.example,Zed,Zeta,Sam\n,NoEmail,Nope,Sam\n";
    const res = await call<{ created: number; refused: Array<{ row: number }> }>(
      "POST",
      "/v1/campaigns/spring/prospects",
      { raw: csv, contentType: "text/csv" },
    );
    expect(res.status).toBe(200);
    expect(res.body.created).toBe(1);
    expect(res.body.refused.map((r) => r.row)).toEqual([3]);
    const cmd = await lastCommand("spring");
    expect((cmd.prospects as Array<Record<string, unknown>>)[0]).toMatchObject({
      email: "zed@x.example",
      firstName: "Zed",
      company: "Zeta",
      fields: { owner: "Sam" },
    });
  });

  it("looks rows up by email and CRM id, with cells", async () => {
    const res = await call<{
      items: Array<{ prospect: { id: string }; cells: Record<string, { state: string }> }>;
    }>("GET", "/v1/campaigns/spring/prospects?email=ada@x.example,BOB@x.example,none@x.example");
    expect(res.status).toBe(200);
    expect(res.body.items.map((i) => i.prospect.id)).toEqual(["p1", "p2"]);
    expect(res.body.items[0]?.cells.insight?.state).toBe("ready");
    expect(res.body.items[0]?.cells.insight).not.toHaveProperty("lastInputs");
    const crm = await call<{ items: Array<{ prospect: { id: string } }> }>(
      "GET",
      "/v1/campaigns/spring/prospects?crm.hubspot=hsp3",
    );
    expect(crm.body.items.map((i) => i.prospect.id)).toEqual(["p3"]);
  });

  it("pages with cursors and filters by state", async () => {
    const first = await call<{ items: Array<{ prospect: { id: string } }>; nextCursor?: string }>(
      "GET",
      "/v1/campaigns/spring/prospects?limit=2",
    );
    expect(first.body.items.map((i) => i.prospect.id)).toEqual(["p1", "p2"]);
    const next = await call<{ items: Array<{ prospect: { id: string } }>; nextCursor?: string }>(
      "GET",
      `/v1/campaigns/spring/prospects?limit=2&cursor=${first.body.nextCursor}`,
    );
    expect(next.body.items.map((i) => i.prospect.id)).toEqual(["p3"]);
    expect(next.body.nextCursor).toBeUndefined();
    const done = await call<{ items: Array<{ prospect: { id: string } }> }>(
      "GET",
      "/v1/campaigns/spring/prospects?state=done&step=content",
    );
    expect(done.body.items.map((i) => i.prospect.id)).toEqual(["p2"]);
    expect((await call("GET", "/v1/campaigns/spring/prospects?cursor=%%%")).status).toBe(400);
    expect((await call("GET", "/v1/campaigns/spring/prospects?state=bogus")).status).toBe(400);
    expect((await call("GET", "/v1/campaigns/spring/prospects?sneaky=1")).status).toBe(400);
  });

  it("edits a prospect: publishes prospect.edit and answers the prospect as it will be", async () => {
    const res = await call<{ prospect: Record<string, unknown> }>(
      "PATCH",
      "/v1/campaigns/spring/prospects/p1",
      { body: { title: "VP", lastName: null } },
    );
    expect(res.status).toBe(200);
    expect(res.body.prospect).toMatchObject({ id: "p1", title: "VP" });
    expect(res.body.prospect).not.toHaveProperty("lastName");
    expect((await lastCommand("spring")).type).toBe("prospect.edit");
    const clash = await call("PATCH", "/v1/campaigns/spring/prospects/p1", {
      body: { email: "bob@x.example" },
    });
    expect(clash.status).toBe(409);
    expect(
      (await call("PATCH", "/v1/campaigns/spring/prospects/zz", { body: { title: "x" } })).status,
    ).toBe(404);
  });

  it("summarises counts per step and state", async () => {
    const res = await call<{ prospects: number; steps: Record<string, Record<string, number>> }>(
      "GET",
      "/v1/campaigns/spring/summary",
    );
    expect(res.body.prospects).toBe(3);
    expect(res.body.steps.insight).toMatchObject({ ready: 1, done: 1, running: 1, queued: 0 });
  });
});

describe("cell commands", () => {
  it("Click to Run on a ready cell answers 202 queued and publishes one command; a repeat replays", async () => {
    const before = await commandCount("spring");
    const path = "/v1/campaigns/spring/prospects/p1/cells/insight/run";
    const res = await call<{ cell: { state: string; stepId: string } }>("POST", path, {
      headers: { "idempotency-key": "click-1" },
    });
    expect(res.status).toBe(202);
    expect(res.body.cell).toMatchObject({ state: "queued", stepId: "insight", prospectId: "p1" });
    const again = await call("POST", path, { headers: { "idempotency-key": "click-1" } });
    expect(again.status).toBe(202);
    expect(again.body).toEqual(res.body);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await commandCount("spring")).toBe(before + 1);
    expect(await lastCommand("spring")).toMatchObject({
      type: "cell.run",
      prospectId: "p1",
      stepId: "insight",
      trigger: "click",
      by: "u1",
    });
    // A new click before the orchestrator has written: the predicted queued cell refuses it.
    const twice = await call<{ detail: string }>("POST", path);
    expect(twice.status).toBe(409);
    expect(twice.body.detail).toBe("already running");
  });

  it("refuses Click to Run on a waiting cell with 409 naming the upstream", async () => {
    const res = await call<{ detail: string; status: number }>(
      "POST",
      "/v1/campaigns/spring/prospects/p1/cells/content/run",
    );
    expect(res.status).toBe(409);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(res.body.detail).toBe("waiting for Insights");
  });

  it("the same request id reused on another path is refused (422)", async () => {
    const res = await call("POST", "/v1/campaigns/spring/prospects/p2/cells/content/rerun", {
      headers: { "idempotency-key": "click-1" },
    });
    expect(res.status).toBe(422);
  });

  it("Run Again on a done cell is accepted; on a ready one refused", async () => {
    const res = await call<{ cell: { state: string } }>(
      "POST",
      "/v1/campaigns/spring/prospects/p2/cells/content/rerun",
      { body: { requestId: "rerun-1" } },
    );
    expect(res.status).toBe(202);
    expect(res.body.cell.state).toBe("queued");
    expect((await lastCommand("spring")).type).toBe("cell.rerun");
    expect(
      (await call("POST", "/v1/campaigns/spring/prospects/p2/cells/export/rerun")).status,
    ).toBe(409);
  });

  it("Cancel on a running cell is accepted; on a done one refused", async () => {
    const ok = await call<{ cell: { state: string } }>(
      "POST",
      "/v1/campaigns/spring/prospects/p3/cells/insight/cancel",
    );
    expect(ok.status).toBe(202);
    expect(ok.body.cell.state).toBe("ready");
    const no = await call<{ detail: string }>(
      "POST",
      "/v1/campaigns/spring/prospects/p2/cells/insight/cancel",
    );
    expect(no.status).toBe(409);
    expect(no.body.detail).toContain("nothing to cancel");
  });

  it("edits a done cell's output (validated per kind) and refuses editing a ready one", async () => {
    const path = "/v1/campaigns/spring/prospects/p2/cells/insight";
    const ok = await call<{ cell: { output: unknown; edited?: unknown } }>("PATCH", path, {
      body: {
        output: { insights: [{ kind: "news", title: "Raised", detail: "Series B", score: 0.9 }] },
      },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.cell.edited).toBeDefined();
    const bad = await call<{ errors: Array<{ path: string }> }>("PATCH", path, {
      body: { output: { insights: "no" } },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]?.path).toBe("output.insights");
    const waiting = await call("PATCH", "/v1/campaigns/spring/prospects/p1/cells/content", {
      body: { output: { channel: "email", body: "Hi" } },
    });
    expect(waiting.status).toBe(409);
  });

  it("reads one cell with its history (the current run included)", async () => {
    const res = await call<{ state: string; history: unknown[] }>(
      "GET",
      "/v1/campaigns/spring/prospects/p2/cells/content",
    );
    expect(res.status).toBe(200);
    expect(res.body.state).toBe("done");
    expect(Array.isArray(res.body.history)).toBe(true);
    expect((await call("GET", "/v1/campaigns/spring/prospects/p2/cells/nope")).status).toBe(404);
  });

  it("404s for an unknown prospect or step", async () => {
    expect(
      (await call("POST", "/v1/campaigns/spring/prospects/nobody/cells/insight/run")).status,
    ).toBe(404);
    expect((await call("POST", "/v1/campaigns/spring/prospects/p1/cells/nostep/run")).status).toBe(
      404,
    );
  });
});

describe("bulk and step changes", () => {
  it("bulk run fans out one command per accepted cell and lists refusals with reasons", async () => {
    const before = await commandCount("spring");
    const res = await call<{
      accepted: number;
      refused: Array<{ prospectId: string; reason: string }>;
    }>("POST", "/v1/campaigns/spring/runs", {
      body: {
        stepId: "content",
        prospectIds: ["p1", "p2", "ghost"],
        states: ["done", "waiting"],
        requestId: "bulk-1",
      },
    });
    expect(res.status).toBe(202);
    expect(res.body.accepted).toBe(1);
    expect(res.body.refused).toContainEqual({
      prospectId: "ghost",
      reason: "no such prospect in this campaign",
    });
    expect(res.body.refused.find((r) => r.prospectId === "p1")?.reason).toBe(
      "waiting for Insights",
    );
    const again = await call("POST", "/v1/campaigns/spring/runs", {
      body: {
        stepId: "content",
        prospectIds: ["p1", "p2", "ghost"],
        states: ["done", "waiting"],
        requestId: "bulk-1",
      },
    });
    expect(again.body).toEqual(res.body);
    expect(await commandCount("spring")).toBe(before + 1);
  });

  it("bulk stop cancels every queued or running cell", async () => {
    const res = await call<{ canceled: number }>("POST", "/v1/campaigns/spring/stop", {
      body: { stepId: "insight" },
    });
    expect(res.status).toBe(202);
    expect(res.body.canceled).toBe(1);
    expect(await lastCommand("spring")).toMatchObject({
      type: "cell.cancel",
      prospectId: "p3",
      stepId: "insight",
    });
    expect((await call("POST", "/v1/campaigns/spring/stop")).status).toBe(202);
  });

  it("switching Auto-Pilot on bumps the version, counts the cells it queues, fans out step.changed", async () => {
    const res = await call<{ step: { autoRun: boolean }; queued: number }>(
      "PATCH",
      "/v1/campaigns/spring/steps/export",
      { body: { autoRun: true } },
    );
    expect(res.status).toBe(200);
    expect(res.body.step.autoRun).toBe(true);
    expect(res.body.queued).toBe(1);
    expect(await lastCommand("spring")).toMatchObject({
      type: "step.changed",
      prospectId: "p2",
      autoRunSwitchedOn: true,
    });
    expect((await call<Campaign>("GET", "/v1/campaigns/spring")).body.version).toBe(2);
  });

  it("refuses a step config of the wrong shape with its path, and an empty patch", async () => {
    const bad = await call<{ errors: Array<{ path: string }> }>(
      "PATCH",
      "/v1/campaigns/spring/steps/content",
      { body: { config: { channel: "fax" } } },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]?.path).toBe("config.channel");
    expect((await call("PATCH", "/v1/campaigns/spring/steps/content", { body: {} })).status).toBe(
      400,
    );
    expect(
      (await call("PATCH", "/v1/campaigns/spring/steps/nope", { body: { name: "x" } })).status,
    ).toBe(404);
  });

  it("keeps the campaign key of each command inside the workspace", async () => {
    expect(Keys.campaign(WS, "spring")).toBe(`${WS}.spring`);
  });
});

describe("idempotent repeats of every command", () => {
  it("each command repeated with its request id answers the same and publishes nothing more", async () => {
    await seedRow(campaign, "p9", "nine@x.example", { insight: "running", content: "waiting" });
    await waitFor(async () =>
      (await call("GET", "/v1/campaigns/spring/prospects?email=nine@x.example")).text.includes(
        "p9",
      ),
    );
    const cell = "/v1/campaigns/spring/prospects/p9/cells/insight";
    const commands: Array<[string, string, Record<string, unknown>]> = [
      ["POST", "/v1/campaigns", { id: "other", name: "Other", steps }],
      ["PATCH", "/v1/campaigns/spring/steps/content", { config: { tone: "warm" } }],
      ["POST", "/v1/campaigns/spring/prospects", { prospects: [{ email: "rep@x.example" }] }],
      ["PATCH", "/v1/campaigns/spring/prospects/p9", { title: "Head of Ops" }],
      ["PATCH", cell, { inputs: { instructions: "mention the funding" } }],
      ["POST", `${cell}/cancel`, {}],
      ["POST", "/v1/campaigns/spring/runs", { stepId: "insight", states: ["ready"] }],
      ["POST", "/v1/campaigns/spring/stop", {}],
    ];
    for (const [method, path, body] of commands) {
      const requestId = `repeat-${method}-${path}`;
      const before = await commandCount("spring");
      const first = await call(method, path, { body: { ...body, requestId } });
      expect([method, path, first.status < 300]).toEqual([method, path, true]);
      const published = (await commandCount("spring")) - before;
      const second = await call(method, path, { body: { ...body, requestId } });
      expect([path, second.status]).toEqual([path, first.status]);
      expect(second.body).toEqual(first.body);
      expect([path, (await commandCount("spring")) - before]).toEqual([path, published]);
      // The header works the same as the body field.
      const third = await call(method, path, { body, headers: { "idempotency-key": requestId } });
      expect(third.body).toEqual(first.body);
    }
    expect((await call<Campaign>("GET", "/v1/campaigns/spring")).body.version).toBe(3);
  });
});
