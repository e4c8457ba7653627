// GOALS P3 through one gateway: `POST …/run` → the `done` event on the SSE stream, local
// providers, orchestrator and step services in this process (test/support/core-stack).
// Run: npx tsx bench/p3.ts [clicks] [perSecond]
import type { Campaign, Cell } from "@studio/contracts";
import { startCoreStack, WORKSPACE } from "../../../test/support/core-stack";
import { startTestGateway } from "../src/testing/harness";
import { client } from "../src/testing/http";
import { openSse } from "../src/testing/sse";

const CLICKS = Number(process.argv[2] ?? 200);
const RATE = Number(process.argv[3] ?? 50);
const stack = await startCoreStack();
const gw = await startTestGateway(stack.nats.url);
const token = await gw.token(WORKSPACE);
const call = client(gw.url, token);
const steps = [
  { id: "insight", name: "Insights", kind: "insight", needs: [], autoRun: false, config: {} },
];
await call<Campaign>("POST", "/v1/campaigns", { body: { id: "p3", name: "P3", steps } });
const people = Array.from({ length: CLICKS }, (_, i) => ({
  email: `p${i}@acme.example`,
  firstName: `P${i}`,
  company: "Acme",
  title: "VP Sales",
}));
const upsert = await call<{ items: Array<{ id: string }> }>("POST", "/v1/campaigns/p3/prospects", {
  body: { prospects: people },
});
const ids = upsert.body.items.map((i) => i.id);
for (;;) {
  const s = await call<{ steps: Record<string, Record<string, number>> }>(
    "GET",
    "/v1/campaigns/p3/summary",
  );
  if ((s.body.steps.insight?.ready ?? 0) === CLICKS) break;
  await new Promise((r) => setTimeout(r, 50));
}
const sse = await openSse(`${gw.url}/v1/campaigns/p3/events`, { token });
await sse.next((e) => e.event === "campaign");
const clickedAt = new Map<string, number>();
const latencies: number[] = [];
const done = new Promise<void>((resolve) => {
  const check = setInterval(() => {
    for (const e of sse.events.splice(0)) {
      if (e.event !== "cell") continue;
      const c = JSON.parse(e.data) as Cell;
      const at = clickedAt.get(c.prospectId);
      if (c.state === "done" && at !== undefined) {
        latencies.push(performance.now() - at);
        clickedAt.delete(c.prospectId);
      }
    }
    if (latencies.length === CLICKS) {
      clearInterval(check);
      resolve();
    }
  }, 1);
});
for (const id of ids) {
  clickedAt.set(id, performance.now());
  void call("POST", `/v1/campaigns/p3/prospects/${id}/cells/insight/run`);
  await new Promise((r) => setTimeout(r, 1000 / RATE));
}
await done;
latencies.sort((a, b) => a - b);
const q = (x: number) =>
  latencies[Math.min(latencies.length - 1, Math.floor(x * latencies.length))]?.toFixed(1);
console.log(
  `P3 click → done on SSE, ${CLICKS} clicks at ${RATE}/s: p50 ${q(0.5)} ms, p99 ${q(0.99)} ms, max ${q(1)} ms`,
);
sse.close();
await gw.close();
await stack.stop();
