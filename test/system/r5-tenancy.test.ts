// R5: a workspace-A token against every route with workspace-B ids → 404, nothing of B read or
// changed; tokens never in logs or answers; A's event stream never carries B's changes.
import type { StudioEvent } from "@studio/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type NatsServer, startNatsServer } from "../support/nats-server";
import { startReceiver, type WebhookReceiver } from "./support/receiver";
import { record, waitFor } from "./support/report";
import { cascadeSteps, importProspects, type System, startSystem, WS_B } from "./support/system";

describe("R5 tenancy", () => {
  let nats: NatsServer;
  let receiver: WebhookReceiver;
  let sys: System;
  beforeAll(async () => {
    nats = await startNatsServer();
    receiver = await startReceiver();
    sys = await startSystem({ natsUrl: nats.url, env: { STUDIO_SECRET_HOOK: receiver.secret } });
    await sys.waitReady();
  });
  afterAll(async () => {
    await sys?.stop();
    await receiver?.close();
    await nats?.stop();
  });

  it("A's token on B's ids: 404 everywhere, B unchanged, no token leaks, no cross-workspace events", async () => {
    const a = sys.client(sys.tokens.a);
    const b = sys.client(sys.tokens.b);
    // Both workspaces own a campaign called "shared"; B also has "b-only".
    for (const [client, id] of [
      [a, "shared"],
      [b, "shared"],
      [b, "b-only"],
    ] as const)
      await client.createCampaign({ id, name: id, steps: cascadeSteps(receiver.url) });
    const aIds = await importProspects(a, "shared", 10, "alice");
    const bShared = await importProspects(b, "shared", 10, "bob");
    const bOnly = await importProspects(b, "b-only", 5, "bobonly");
    await sys.waitRows(
      "shared",
      10,
      (rs) => rs.every((r) => r.cells.hook?.state === "done"),
      60_000,
    );

    const snapshotB = async () =>
      JSON.stringify([
        await sys.campaignRows("shared", WS_B),
        await sys.campaignRows("b-only", WS_B),
        await sys.historyOf("shared", WS_B),
        (await sys.bus.kvm.open("studio_campaigns").then((kv) => kv.get(`${WS_B}.shared`)))
          ?.revision,
      ]);

    const events: StudioEvent[] = [];
    const stream = a.openEventStream("shared", { onEvent: (e) => events.push(e) });
    await waitFor(() => stream.status.state === "open", 10_000, "stream open");
    const before = await snapshotB();

    const cases: Array<{ c: string; p: string; s: string }> = [
      { c: "b-only", p: bOnly[0]!, s: "email" },
      { c: "shared", p: bShared[0]!, s: "email" }, // A's campaign id, B's prospect
      { c: "b-only", p: aIds[0]!, s: "email" }, // B's campaign, A's prospect
    ];
    const answers: Array<{ what: string; status: number; body: string }> = [];
    const call = async (what: string, method: string, path: string, body?: unknown) => {
      const res = await fetch(`${sys.gatewayUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${sys.tokens.a}`,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      answers.push({ what: `${method} ${what}`, status: res.status, body: await res.text() });
    };
    for (const { c, p, s } of cases) {
      const base = `/v1/campaigns/${c}`;
      const cell = `${base}/prospects/${p}/cells/${s}`;
      if (c === "b-only") {
        await call("campaign", "GET", base);
        await call("step", "PATCH", `${base}/steps/${s}`, { autoRun: false });
        await call("prospects", "GET", `${base}/prospects`);
        await call("prospects?email", "GET", `${base}/prospects?email=bobonly0@example0.com`);
        await call("upsert", "POST", `${base}/prospects`, { prospects: [{ email: "x@y.co" }] });
        await call("summary", "GET", `${base}/summary`);
        await call("bulk run", "POST", `${base}/runs`, { stepId: s });
        await call("stop", "POST", `${base}/stop`, {});
        await call("events", "GET", `${base}/events`);
      }
      await call("prospect", "PATCH", `${base}/prospects/${p}`, { title: "pwned" });
      await call("cell", "GET", cell);
      for (const action of ["run", "rerun", "cancel"])
        await call(action, "POST", `${cell}/${action}`, {});
      await call("cell edit", "PATCH", cell, {
        output: { channel: "email", subject: "x", body: "y" },
      });
    }
    // A's own stream stays busy meanwhile, and B changes its "shared" campaign a lot.
    await importProspects(b, "shared", 10, "bob2");
    await b.bulkRun("shared", { stepId: "email", states: ["done"] });
    await importProspects(a, "shared", 3, "alice2");
    await sys.waitRows(
      "shared",
      13,
      (rs) => rs.every((r) => r.cells.hook?.state === "done"),
      60_000,
    );
    await new Promise((r) => setTimeout(r, 1_000));
    stream.close();

    const notFound = answers.filter((x) => x.status !== 404);
    const mine = new Set((await sys.campaignRows("shared")).map((r) => r.prospect.id));
    const foreign = events.filter(
      (e) => e.type === "cell" && !mine.has((e.data as { prospectId: string }).prospectId),
    );
    // B's changes during the test are B's own; what A tried must not show in B's first rows.
    const bRowsNow = await sys.campaignRows("b-only", WS_B);
    const leaks = [] as string[];
    for (const p of sys.all()) {
      const text = await p.logText();
      for (const [name, token] of Object.entries(sys.tokens))
        if (text.includes(token)) leaks.push(`${p.name} log has token ${name}`);
    }
    for (const x of answers)
      for (const token of Object.values(sys.tokens))
        if (x.body.includes(token)) leaks.push(`answer to ${x.what} has a token`);
    await record("R5", {
      injected: "workspace-A token on every route with workspace-B campaign/prospect ids",
      requests: answers.length,
      not404: notFound.length,
      foreignEvents: foreign.length,
      ownEvents: events.length - foreign.length,
      tokenLeaks: leaks.length,
    });
    expect(notFound.map((x) => `${x.what} ${x.status} ${x.body.slice(0, 120)}`)).toEqual([]);
    expect(answers.every((x) => !x.body.includes("bob"))).toBe(true);
    expect(foreign).toEqual([]);
    expect(events.length).toBeGreaterThan(0);
    expect(leaks).toEqual([]);
    expect(bRowsNow.every((r) => r.prospect.title !== "pwned")).toBe(true);
    // Nothing of B's b-only campaign changed (B itself did not touch it after the snapshot).
    expect(JSON.parse(await snapshotB())[1]).toEqual(JSON.parse(before)[1]);
  });
});
