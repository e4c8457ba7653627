// CPU cost of the lookup and run paths inside the Hono app (no sockets), to find hot spots.
import { connectBus, openStore } from "@studio/bus";
import { Buckets, type Campaign, Keys, type Row, RowSchema } from "@studio/contracts";
import { newRow } from "@studio/engine";
import { startNatsServer } from "../../../test/support/nats-server";
import { startTestGateway } from "../src/testing/harness";
import { client } from "../src/testing/http";

const nats = await startNatsServer();
const gw = await startTestGateway(nats.url);
const token = await gw.token("bench");
const call = client(gw.url, token);
const steps = [
  { id: "insight", name: "Insights", kind: "insight", needs: [], autoRun: false, config: {} },
  { id: "email", name: "Email", kind: "content", needs: ["insight"], autoRun: false, config: {} },
  { id: "export", name: "Export", kind: "export", needs: ["email"], autoRun: false, config: {} },
];
const campaign = (
  await call<Campaign>("POST", "/v1/campaigns", { body: { id: "bench", name: "Bench", steps } })
).body;
const bus = await connectBus({ servers: nats.url, name: "seed" });
const rows = await openStore(bus, Buckets.rows, RowSchema);
const now = new Date().toISOString();
for (let i = 0; i < 2000; i += 200) {
  await Promise.all(
    Array.from({ length: 200 }, (_, j) => {
      const n = i + j;
      const row = newRow(
        campaign,
        { id: `p${n}`, email: `person${n}@acme.example` },
        { now },
        `s${n}`,
      ).row as Row;
      return rows.put(Keys.row("bench", "bench", `p${n}`), row);
    }),
  );
}
await call("GET", "/v1/campaigns/bench/summary");
await new Promise((r) => setTimeout(r, 500));
const emails = Array.from({ length: 50 }, (_, i) => `person${i * 37}@acme.example`).join(",");
const app = gw.gateway.app;
const headers = { authorization: `Bearer ${token}` };
async function time(name: string, n: number, make: (i: number) => Request) {
  for (let i = 0; i < 200; i++) await (await app.fetch(make(i))).text();
  const t = performance.now();
  const cpu = process.cpuUsage();
  for (let i = 0; i < n; i++) await (await app.fetch(make(i))).text();
  const used = process.cpuUsage(cpu);
  const us = ((performance.now() - t) * 1000) / n;
  const cpuUs = (used.user + used.system) / n;
  console.log(
    `${name}: ${us.toFixed(0)} µs/request wall, ${cpuUs.toFixed(0)} µs CPU (≈ ${Math.round(1e6 / cpuUs)} req/s per core, in-app)`,
  );
}
if (process.env.ONLY !== "run")
  await time(
    "lookup 50 emails",
    5000,
    () => new Request(`http://x/v1/campaigns/bench/prospects?email=${emails}`, { headers }),
  );
if (process.env.ONLY !== "run")
  await time("me", 5000, () => new Request("http://x/v1/me", { headers }));
await time(
  "run (publish awaited)",
  1500,
  (i) =>
    new Request(`http://x/v1/campaigns/bench/prospects/p${i % 2000}/cells/insight/run`, {
      method: "POST",
      headers,
    }),
);
await bus.close();
await gw.close();
await nats.stop();
