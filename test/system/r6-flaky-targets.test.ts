// R6: webhook receivers and an LLM stand-in that answer 500, 429 + Retry-After, hang past the
// timeout or answer after it: retries follow the step's policy, then `failed` with a readable
// message; never two deliveries (effects at the receiver) of one payload.
import type { Row, StepInput } from "@studio/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type NatsServer, startNatsServer } from "../support/nats-server";
import {
  type Behaviour,
  type LlmStandIn,
  newWebhookSecret,
  startLlmStandIn,
  startReceiver,
  type WebhookReceiver,
} from "./support/receiver";
import { record } from "./support/report";
import { checkOutcomes, type System, startSystem } from "./support/system";

const RETRY = { maxAttempts: 3, backoffMs: [400, 400, 400] };
const HOOK_TIMEOUT_MS = 1_000;

const hookScenarios: Record<string, (n: number) => Behaviour> = {
  always500: () => ({ type: "status", status: 500, message: "database on fire" }),
  retryAfter: (n) => (n === 1 ? { type: "status", status: 429, retryAfterS: 2 } : { type: "ok" }),
  always429: () => ({ type: "status", status: 429, retryAfterS: 1, message: "slow down" }),
  hangs: () => ({ type: "hang" }),
  // Processes the payload, but answers after our timeout: the effect happened once.
  lateAnswer: (n) => (n === 1 ? { type: "ok", delayMs: HOOK_TIMEOUT_MS + 600 } : { type: "ok" }),
  gone: () => ({ type: "status", status: 410, message: "this endpoint was removed" }),
  fine: () => ({ type: "ok" }),
};

const llmScenarios: Record<string, (n: number) => Behaviour> = {
  Llm500: () => ({ type: "status", status: 500, message: "model overloaded" }),
  LlmRetryAfter: (n) =>
    n === 1 ? { type: "status", status: 429, retryAfterS: 1 } : { type: "ok" },
  LlmHangs: () => ({ type: "hang" }),
  LlmLate: (n) => (n === 1 ? { type: "ok", delayMs: 2_000 } : { type: "ok" }),
};

describe("R6 flaky targets", () => {
  let nats: NatsServer;
  let sys: System;
  let llm: LlmStandIn;
  const secret = newWebhookSecret();
  const receivers: Record<string, WebhookReceiver> = {};
  beforeAll(async () => {
    nats = await startNatsServer();
    for (const [name, behave] of Object.entries(hookScenarios))
      receivers[name] = await startReceiver({ secret, behave: (_id, n) => behave(n) });
    llm = await startLlmStandIn(Object.keys(llmScenarios), (m, n) =>
      (llmScenarios[m] ?? (() => ({ type: "ok" })))(n),
    );
    sys = await startSystem({
      natsUrl: nats.url,
      env: {
        STUDIO_SECRET_HOOK: secret,
        STUDIO_LLM_BASE_URL: llm.baseUrl,
        STUDIO_LLM_API_KEY: "sk-test",
        STUDIO_LLM_MODEL: "stand-in",
      },
    });
    await sys.waitReady();
  });
  afterAll(async () => {
    await sys?.stop();
    await Promise.all(Object.values(receivers).map((r) => r.close()));
    await llm?.close();
    await nats?.stop();
  });

  const exportOnly = (url: string): StepInput[] => [
    { id: "email", name: "Email", kind: "content", needs: [], autoRun: true, config: {} },
    {
      id: "hook",
      name: "Webhook",
      kind: "export",
      needs: ["email"],
      autoRun: true,
      retry: RETRY,
      timeoutMs: 5_000,
      config: {
        target: { type: "webhook", url, secretRef: "HOOK", timeoutMs: HOOK_TIMEOUT_MS },
      },
    },
  ];

  async function runCampaign(id: string, steps: StepInput[], companies: string[]) {
    const client = sys.client();
    await client.createCampaign({ id, name: id, steps });
    await client.upsertProspects(id, {
      prospects: companies.map((company, i) => ({ email: `${id}${i}@example.com`, company })),
    });
    const last = steps[steps.length - 1]!.id;
    return sys.waitRows(
      id,
      companies.length,
      (rs) => rs.every((r) => ["done", "failed"].includes(r.cells[last]?.state ?? "")),
      60_000,
    );
  }

  it("webhook: 500, 429 + Retry-After, hangs, answers late, 410 — retries by the policy, one effect", async () => {
    const results: Record<string, Row[]> = {};
    const took: Record<string, number> = {};
    const t0 = Date.now();
    await Promise.all(
      Object.keys(hookScenarios).map(async (name) => {
        results[name] = await runCampaign(`hook-${name}`, exportOnly(receivers[name]!.url), [
          "Acme",
        ]);
        took[name] = Date.now() - t0;
      }),
    );
    const cell = (name: string) => results[name]![0]!.cells.hook!;
    const requests = (name: string) => [...receivers[name]!.requests.values()][0] ?? 0;

    expect(cell("always500").state).toBe("failed");
    expect(cell("always500").error?.message).toMatch(/answered 500: database on fire/);
    expect(requests("always500")).toBe(RETRY.maxAttempts);

    expect(cell("retryAfter").state).toBe("done");
    const [t1, t2] = [...receivers.retryAfter!.times.values()][0]!;
    expect(t2! - t1!).toBeGreaterThanOrEqual(1_900); // Retry-After: 2 wins over the 400 ms backoff

    expect(cell("always429").state).toBe("failed");
    expect(cell("always429").error?.message).toMatch(/answered 429: slow down/);
    expect(requests("always429")).toBe(RETRY.maxAttempts);

    expect(cell("hangs").state).toBe("failed");
    expect(cell("hangs").error?.message).toMatch(/did not answer within 1000 ms/);
    expect(requests("hangs")).toBe(RETRY.maxAttempts);

    expect(cell("lateAnswer").state).toBe("done");

    expect(cell("gone").state).toBe("failed");
    expect(cell("gone").error?.message).toMatch(/410/);
    expect(cell("gone").error?.message).toMatch(/disabled/);
    expect(requests("gone")).toBe(1);

    expect(cell("fine").state).toBe("done");

    const duplicated = Object.values(receivers).flatMap((r) => r.duplicated());
    await record("R6-webhook", {
      injected: "receiver 500 / 429+Retry-After / hang / answer after timeout / 410",
      scenarios: Object.keys(hookScenarios).length,
      duplicated: duplicated.length,
      tookMs: took,
      requests: Object.fromEntries(Object.keys(hookScenarios).map((n) => [n, requests(n)])),
    });
    expect(duplicated).toEqual([]);
    for (const name of Object.keys(hookScenarios))
      expect(checkOutcomes(results[name]!, await sys.historyOf(`hook-${name}`))).toEqual([]);
  });

  it("a target that answered 410 is disabled: later payloads are not sent to it", async () => {
    const rows = await runCampaign("hook-gone-2", exportOnly(receivers.gone!.url), ["Beta"]);
    expect(rows[0]!.cells.hook!.state).toBe("failed");
    expect(rows[0]!.cells.hook!.error?.message).toMatch(/disabled/);
    // The first campaign's one request only: nothing more reached the gone endpoint.
    expect([...receivers.gone!.requests.values()].reduce((a, b) => a + b, 0)).toBe(1);
  });

  it("LLM: 500, 429 + Retry-After, hangs, answers late — retries by the policy", async () => {
    const steps: StepInput[] = [
      {
        id: "insights",
        name: "Insights",
        kind: "insight",
        needs: [],
        autoRun: true,
        retry: RETRY,
        timeoutMs: 1_500,
        config: { provider: "llm" },
      },
    ];
    const rows = await runCampaign("llm", steps, Object.keys(llmScenarios));
    const by = (company: string) =>
      rows.find((r) => r.prospect.company === company)!.cells.insights!;
    expect(by("Llm500").state).toBe("failed");
    expect(by("Llm500").error?.message).toMatch(/500/);
    expect(llm.byMarker.get("Llm500")).toBe(RETRY.maxAttempts);
    expect(by("LlmRetryAfter").state).toBe("done");
    expect(by("LlmHangs").state).toBe("failed");
    expect(by("LlmHangs").error?.message).toMatch(/1500 ms/);
    expect(llm.byMarker.get("LlmHangs")).toBe(RETRY.maxAttempts);
    expect(by("LlmLate").state).toBe("done");
    expect(checkOutcomes(rows, await sys.historyOf("llm"))).toEqual([]);
    await record("R6-llm", {
      injected: "LLM 500 / 429+Retry-After / hang / answer after timeout",
      calls: Object.fromEntries(llm.byMarker),
    });
  });
});
