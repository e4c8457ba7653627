// Heap cost of one campaign view per row, with rows the size of a finished 3-step cascade.
import { connectBus, openStore } from "@studio/bus";
import { Buckets, type Campaign, Keys, type Row, RowSchema } from "@studio/contracts";
import { newRow } from "@studio/engine";
import { startNatsServer } from "../../../test/support/nats-server";
import { startTestGateway } from "../src/testing/harness";
import { client } from "../src/testing/http";

const N = Number(process.argv[2] ?? 10_000);
const nats = await startNatsServer();
const gw = await startTestGateway(nats.url);
const token = await gw.token("mem");
const steps = [
  { id: "insight", name: "Insights", kind: "insight", needs: [], autoRun: true, config: {} },
  { id: "email", name: "Email", kind: "content", needs: ["insight"], autoRun: true, config: {} },
  { id: "export", name: "Export", kind: "export", needs: ["email"], autoRun: false, config: {} },
];
const campaign = (
  await client(gw.url, token)<Campaign>("POST", "/v1/campaigns", {
    body: { id: "m", name: "M", steps },
  })
).body;
const bus = await connectBus({ servers: nats.url, name: "seed" });
const rows = await openStore(bus, Buckets.rows, RowSchema);
const now = new Date().toISOString();
const insight = {
  insights: Array.from({ length: 3 }, (_, i) => ({
    kind: "news",
    title: `Signal ${i} about the company raising money`,
    detail: "x".repeat(200),
    score: 0.5,
  })),
};
const email = { channel: "email", subject: "Quick idea for your team", body: "y".repeat(900) };
for (let i = 0; i < N; i += 250) {
  await Promise.all(
    Array.from({ length: Math.min(250, N - i) }, (_, j) => {
      const n = i + j;
      const p = {
        id: `p${n}`,
        email: `p${n}@acme.example`,
        firstName: "Ada",
        lastName: `L${n}`,
        title: "VP Sales",
        company: "Acme",
        domain: "acme.example",
      };
      const row = newRow(campaign, p, { now }, `s${n}`).row as Row;
      const ins = row.cells.insight;
      const em = row.cells.email;
      if (ins && em) {
        Object.assign(ins, {
          state: "done",
          output: insight,
          lastInputs: { prospect: p, upstream: {} },
          lastSuccessInputHash: "h".repeat(64),
        });
        Object.assign(em, {
          state: "done",
          output: email,
          lastInputs: { prospect: p, upstream: { insight } },
          lastSuccessInputHash: "h".repeat(64),
        });
        delete em.waitingFor;
      }
      return rows.put(Keys.row("mem", "m", p.id), row);
    }),
  );
}
const gc = (globalThis as { gc?: () => void }).gc;
gc?.();
const before = process.memoryUsage();
const t = performance.now();
await gw.gateway.services.views.get("mem", "m");
const loadMs = performance.now() - t;
gc?.();
const after = process.memoryUsage();
const perRow = (after.heapUsed - before.heapUsed) / N;
console.log(
  `${N} rows loaded in ${loadMs.toFixed(0)} ms; heap +${Math.round((after.heapUsed - before.heapUsed) / 1e6)} MB (${(perRow / 1024).toFixed(1)} KB/row), external +${Math.round((after.external + after.arrayBuffers - before.external - before.arrayBuffers) / 1e6)} MB`,
);
await bus.close();
await gw.close();
await nats.stop();
