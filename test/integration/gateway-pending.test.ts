// GOALS R9 at the gateway: clicks on one cell before the orchestrator has applied the earlier
// ones are judged against the earlier ones' predicted outcome (no orchestrator runs here, rows
// are written by the test as the orchestrator would); a token deleted from studio_tokens stops
// working without waiting for the token cache.
import { openStore } from "@studio/bus";
import { Buckets, type Campaign, Keys, type Row, TokenRecordSchema } from "@studio/contracts";
import { applyEvents, type EngineEvent, newRow } from "@studio/engine";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sha256Hex } from "../../services/gateway/src/auth/hash";
import { startTestGateway, type TestGateway } from "../../services/gateway/src/testing/harness";
import { client } from "../../services/gateway/src/testing/http";
import { type NatsServer, startNatsServer } from "../support/nats-server";

let nats: NatsServer;
let gw: TestGateway;
let call: ReturnType<typeof client>;
let campaign: Campaign;
let seeded: Row;
const WS = "ws-pending";
const CELL = "/v1/campaigns/pend/prospects/p1/cells/email";

type CellAnswer = { cell: { state: string; runId?: string } };

beforeAll(async () => {
  nats = await startNatsServer();
  // A short wait for pending commands: nothing will apply them here.
  gw = await startTestGateway(nats.url, { settleMs: 100 });
  call = client(gw.url, await gw.token(WS));
  const res = await call<Campaign>("POST", "/v1/campaigns", {
    body: {
      id: "pend",
      name: "Pending",
      steps: [
        { id: "email", name: "Email", kind: "content", needs: [], autoRun: false, config: {} },
      ],
    },
  });
  expect(res.status).toBe(201);
  campaign = res.body;
  seeded = newRow(
    campaign,
    { id: "p1", email: "p1@x.example" },
    { now: new Date().toISOString() },
    "seed-p1",
  ).row as Row;
  await gw.putRow(seeded);
  for (let i = 0; i < 100; i++) {
    if ((await call("GET", "/v1/campaigns/pend/summary")).body.prospects === 1) break;
    await new Promise((r) => setTimeout(r, 20));
  }
});

afterAll(async () => {
  await gw?.close();
  await nats?.stop();
});

describe("pending commands (R9)", () => {
  const accepted: EngineEvent[] = [];

  it("Run, Cancel, Run before the orchestrator wrote: each judged against the one before", async () => {
    const first = await call<CellAnswer>("POST", `${CELL}/run`, { body: { requestId: "r1" } });
    expect(first.status).toBe(202);
    expect(first.body.cell.state).toBe("queued");
    // A second Run on the predicted queued cell: the orchestrator would refuse it, so 409.
    const again = await call<{ detail: string }>("POST", `${CELL}/run`);
    expect(again.status).toBe(409);
    expect(again.body.detail).toBe("already running");
    const cancel = await call<CellAnswer>("POST", `${CELL}/cancel`, { body: { requestId: "c1" } });
    expect(cancel.status).toBe(202);
    expect(cancel.body.cell.state).toBe("ready");
    const second = await call<CellAnswer>("POST", `${CELL}/run`, { body: { requestId: "r2" } });
    expect(second.status).toBe(202);
    expect(second.body.cell.state).toBe("queued");
    expect(second.body.cell.runId).not.toBe(first.body.cell.runId);
    for (const requestId of ["r1", "c1", "r2"])
      accepted.push({
        ...(requestId.startsWith("c")
          ? { type: "cell.cancel" as const }
          : { type: "cell.run" as const, trigger: "click" as const }),
        stepId: "email",
        commandId: `${WS}:${requestId}`,
        by: "u1",
      } as EngineEvent);
  });

  it("once the row shows them applied, commands are judged against the stored row again", async () => {
    // The orchestrator applies the three commands, and the run then finishes.
    const t = applyEvents(campaign, seeded, accepted, { now: new Date().toISOString() });
    const row = structuredClone(t.row as Row);
    const cell = row.cells.email!;
    expect(cell.state).toBe("queued");
    cell.state = "done";
    cell.output = { channel: "email", subject: "Hi", body: "Hello" };
    cell.version += 1;
    await gw.putRow(row);
    let rerun = await call<CellAnswer>("POST", `${CELL}/rerun`);
    for (let i = 0; i < 100 && rerun.status === 409; i++) {
      await new Promise((r) => setTimeout(r, 20));
      rerun = await call<CellAnswer>("POST", `${CELL}/rerun`);
    }
    expect(rerun.status).toBe(202);
    expect(rerun.body.cell.state).toBe("queued");
  });

  it("a token deleted from studio_tokens is refused without waiting for the cache", async () => {
    const token = await gw.token(WS);
    const mine = client(gw.url, token);
    expect((await mine("GET", "/v1/me")).status).toBe(200);
    const tokens = await openStore(gw.bus, Buckets.tokens, TokenRecordSchema);
    await tokens.delete(Keys.token(sha256Hex(token)));
    let status = 200;
    for (let i = 0; i < 100 && status === 200; i++) {
      await new Promise((r) => setTimeout(r, 20));
      status = (await mine("GET", "/v1/me")).status;
    }
    expect(status).toBe(401);
  });
});
