// The SPEC rules through the API, with the real orchestrator and step services behind the
// gateway: the 202 answers, then the states as they arrive on the event stream.
import type { Campaign, Cell } from "@studio/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestGateway, type TestGateway } from "../../services/gateway/src/testing/harness";
import { client } from "../../services/gateway/src/testing/http";
import { openSse, type SseConnection } from "../../services/gateway/src/testing/sse";
import { type CoreStack, startCoreStack, WORKSPACE } from "../support/core-stack";

let stack: CoreStack;
let gw: TestGateway;
let call: ReturnType<typeof client>;
let token: string;
let sse: SseConnection;

const steps = [
  { id: "insight", name: "Insights", kind: "insight", needs: [], autoRun: false, config: {} },
  { id: "email", name: "Email", kind: "content", needs: ["insight"], autoRun: true, config: {} },
  {
    id: "export",
    name: "Export",
    kind: "export",
    needs: ["email"],
    autoRun: false,
    config: { target: { type: "file", name: "out" } },
  },
];
const people = ["ada", "bob", "cy", "dee"].map((n) => ({
  email: `${n}@acme.example`,
  firstName: n,
  company: "Acme",
  title: "VP Sales",
  domain: "acme.example",
}));
type Row = { prospect: { id: string; email: string }; cells: Record<string, Cell> };

const cellEvent =
  (prospectId: string, stepId: string, state: string) => (e: { event: string; data: string }) => {
    if (e.event !== "cell") return false;
    const c = JSON.parse(e.data) as Cell;
    return c.prospectId === prospectId && c.stepId === stepId && c.state === state;
  };

async function rowsByEmail(): Promise<Map<string, Row>> {
  const res = await call<{ items: Row[] }>(
    "GET",
    `/v1/campaigns/flow/prospects?email=${people.map((p) => p.email).join(",")}`,
  );
  return new Map(res.body.items.map((r) => [r.prospect.email, r]));
}

async function until<T>(probe: () => Promise<T | undefined>, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 25));
  }
}

beforeAll(async () => {
  stack = await startCoreStack();
  gw = await startTestGateway(stack.nats.url);
  token = await gw.token(WORKSPACE);
  call = client(gw.url, token);
  expect(
    (await call<Campaign>("POST", "/v1/campaigns", { body: { id: "flow", name: "Flow", steps } }))
      .status,
  ).toBe(201);
  sse = await openSse(`${gw.url}/v1/campaigns/flow/events`, { token });
  const res = await call<{ created: number }>("POST", "/v1/campaigns/flow/prospects", {
    body: { prospects: people },
  });
  expect(res.body.created).toBe(4);
  // Rule 1: the Co-Pilot first step is ready, the rest wait.
  await until(async () => {
    const rows = await rowsByEmail();
    return rows.size === 4 && [...rows.values()].every((r) => r.cells.insight?.state === "ready")
      ? rows
      : undefined;
  });
}, 60_000);

afterAll(async () => {
  sse?.close();
  await gw?.close();
  await stack?.stop();
});

describe("the rules through the API", () => {
  it("Click to Run: 202 queued, then running and done on the stream; Auto-Pilot downstream runs, Co-Pilot export gets ready", async () => {
    const ada = (await rowsByEmail()).get("ada@acme.example") as Row;
    const id = ada.prospect.id;
    const started = Date.now();
    const res = await call<{ cell: Cell }>(
      "POST",
      `/v1/campaigns/flow/prospects/${id}/cells/insight/run`,
      { headers: { "idempotency-key": "flow-click-1" } },
    );
    expect(res.status).toBe(202);
    expect(res.body.cell.state).toBe("queued");
    await sse.next(cellEvent(id, "insight", "done"));
    const clickToDone = Date.now() - started;
    await sse.next(cellEvent(id, "email", "done"));
    await sse.next(cellEvent(id, "export", "ready"));
    expect(clickToDone).toBeLessThan(5_000);
    // Rule 17: the same click again answers the first 202 and queues nothing new.
    const again = await call<{ cell: Cell }>(
      "POST",
      `/v1/campaigns/flow/prospects/${id}/cells/insight/run`,
      { headers: { "idempotency-key": "flow-click-1" } },
    );
    expect(again.status).toBe(202);
    expect(again.body).toEqual(res.body);
    // Rule 2: a click on the now-done cell is refused; Run Again is the way.
    const refused = await call<{ detail: string }>(
      "POST",
      `/v1/campaigns/flow/prospects/${id}/cells/insight/run`,
    );
    expect(refused.status).toBe(409);
  });

  it("Click to Run on a waiting cell is refused naming the upstream (rule 2)", async () => {
    const bob = (await rowsByEmail()).get("bob@acme.example") as Row;
    const res = await call<{ detail: string }>(
      "POST",
      `/v1/campaigns/flow/prospects/${bob.prospect.id}/cells/email/run`,
    );
    expect(res.status).toBe(409);
    expect(res.body.detail).toBe("waiting for Insights");
  });

  it("Run Again on a done cell runs it again (rule 3)", async () => {
    const ada = (await rowsByEmail()).get("ada@acme.example") as Row;
    const before = ada.cells.insight?.version ?? 0;
    const res = await call<{ cell: Cell }>(
      "POST",
      `/v1/campaigns/flow/prospects/${ada.prospect.id}/cells/insight/rerun`,
    );
    expect(res.status).toBe(202);
    expect(res.body.cell.state).toBe("queued");
    await sse.next(
      (e) =>
        e.event === "cell" &&
        (JSON.parse(e.data) as Cell).prospectId === ada.prospect.id &&
        (JSON.parse(e.data) as Cell).stepId === "insight" &&
        (JSON.parse(e.data) as Cell).state === "done" &&
        (JSON.parse(e.data) as Cell).version > before + 1,
    );
  });

  it("bulk run takes every ready cell of a step (rule 15); their Auto-Pilot successors follow", async () => {
    const res = await call<{ accepted: number; refused: unknown[] }>(
      "POST",
      "/v1/campaigns/flow/runs",
      { body: { stepId: "insight", states: ["ready"] } },
    );
    expect(res.status).toBe(202);
    expect(res.body.accepted).toBe(3);
    await until(async () => {
      const rows = await rowsByEmail();
      return [...rows.values()].every((r) => r.cells.export?.state === "ready") ? rows : undefined;
    });
  });

  it("switching the export to Auto-Pilot queues the ready cells and they deliver (rule 8)", async () => {
    const res = await call<{ queued: number; step: { autoRun: boolean } }>(
      "PATCH",
      "/v1/campaigns/flow/steps/export",
      { body: { autoRun: true } },
    );
    expect(res.status).toBe(200);
    expect(res.body.queued).toBe(4);
    await until(async () => {
      const rows = await rowsByEmail();
      return [...rows.values()].every((r) => r.cells.export?.state === "done") ? rows : undefined;
    });
    const summary = await call<{
      prospects: number;
      steps: Record<string, Record<string, number>>;
    }>("GET", "/v1/campaigns/flow/summary");
    expect(summary.body.steps.export?.done).toBe(4);
  });

  it("an output edit is accepted and propagates (rule 9): the edited email reaches the stream", async () => {
    const cy = (await rowsByEmail()).get("cy@acme.example") as Row;
    const res = await call<{ cell: Cell }>(
      "PATCH",
      `/v1/campaigns/flow/prospects/${cy.prospect.id}/cells/email`,
      {
        body: { output: { channel: "email", subject: "Edited", body: "Hand-written <b>body</b>" } },
      },
    );
    expect(res.status).toBe(200);
    const e = await sse.next(
      (x) =>
        x.event === "cell" &&
        (JSON.parse(x.data) as Cell).prospectId === cy.prospect.id &&
        (JSON.parse(x.data) as Cell).stepId === "email" &&
        (JSON.parse(x.data) as Cell).edited !== undefined,
    );
    expect((JSON.parse(e.data) as Cell).output).toMatchObject({ subject: "Edited" });
    const cell = await call<{ history: unknown[]; edited?: unknown }>(
      "GET",
      `/v1/campaigns/flow/prospects/${cy.prospect.id}/cells/email`,
    );
    expect(cell.body.edited).toBeDefined();
    expect(cell.body.history.length).toBeGreaterThanOrEqual(1);
  });
});
