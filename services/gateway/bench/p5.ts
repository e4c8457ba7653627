// GOALS P5 for one gateway process: `GET …/prospects?email=` (50 emails) and `POST …/run`,
// measured with autocannon against a gateway started as its own process on a real nats-server.
// Run: pnpm --filter @studio/gateway exec tsx bench/p5.ts [seconds] [connections]
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { connectBus, openStore, provisionBus } from "@studio/bus";
import { Buckets, type Campaign, Keys, type Row, RowSchema } from "@studio/contracts";
import { newRow } from "@studio/engine";
import { freePort } from "../../../test/support/free-port";
import { startNatsServer } from "../../../test/support/nats-server";
import { startTestGateway } from "../src/testing/harness";
import { client } from "../src/testing/http";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const require = createRequire(path.join(root, "test/package.json"));
type Result = {
  requests: { average: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
};
const autocannon = require("autocannon") as (opts: Record<string, unknown>) => Promise<Result>;

const seconds = Number(process.argv[2] ?? 10);
const connections = Number(process.argv[3] ?? 64);
const ROWS = 20_000;

const nats = await startNatsServer();
// Seeding through a throw-away in-process gateway (token + campaign), rows straight into KV.
const seeder = await startTestGateway(nats.url);
const token = await seeder.token("bench");
const call = client(seeder.url, token);
const steps = [
  { id: "insight", name: "Insights", kind: "insight", needs: [], autoRun: false, config: {} },
  { id: "email", name: "Email", kind: "content", needs: ["insight"], autoRun: false, config: {} },
  { id: "export", name: "Export", kind: "export", needs: ["email"], autoRun: false, config: {} },
];
const campaign = (
  await call<Campaign>("POST", "/v1/campaigns", { body: { id: "bench", name: "Bench", steps } })
).body;
// The clicks get a campaign of their own (the same three steps) and every click of a run goes
// to the Insights cell of a row nobody clicked yet: no orchestrator runs here, so a row's first
// command stays pending and a second click on that row would wait STUDIO_SETTLE_MS for it (then
// be judged against it). Room for 6,000 clicks/s: 60,000 rows for the 10 s default
// (BENCH_RUN_ROWS overrides).
const RUN_ROWS = Number(
  process.env.BENCH_RUN_ROWS ?? Math.max(2_000, Math.min(60_000, seconds * 6_000)),
);
const runSteps = steps;
const runCampaign = (
  await call<Campaign>("POST", "/v1/campaigns", {
    body: { id: "bench-run", name: "Bench run", steps: runSteps },
  })
).body;
await seeder.close();
const bus = await connectBus({ servers: nats.url, name: "bench-seed" });
await provisionBus(bus);
const rows = await openStore(bus, Buckets.rows, RowSchema);
const now = new Date().toISOString();
const ids: string[] = [];
for (let i = 0; i < ROWS; i += 256) {
  await Promise.all(
    Array.from({ length: Math.min(256, ROWS - i) }, (_, j) => {
      const n = i + j;
      const id = `p${n}`;
      ids.push(id);
      const row = newRow(
        campaign,
        {
          id,
          email: `person${n}@acme${n % 97}.example`,
          firstName: `F${n}`,
          lastName: `L${n}`,
          company: `Acme ${n % 97}`,
          title: "VP Sales",
        },
        { now },
        `seed-${id}`,
      ).row as Row;
      return rows.put(Keys.row("bench", "bench", id), row);
    }),
  );
}
const runIds: string[] = [];
for (let i = 0; i < RUN_ROWS; i += 256) {
  await Promise.all(
    Array.from({ length: Math.min(256, RUN_ROWS - i) }, (_, j) => {
      const id = `r${i + j}`;
      runIds.push(id);
      const row = newRow(
        runCampaign,
        { id, email: `run${i + j}@acme.example` },
        { now },
        `seed-${id}`,
      ).row as Row;
      return rows.put(Keys.row("bench", "bench-run", id), row);
    }),
  );
}
await bus.close();

const port = await freePort();
const profile =
  process.env.BENCH_CPU_PROF === "1" ? ["--cpu-prof", "--cpu-prof-dir=/tmp/gw-prof"] : [];
const gateway = spawn(
  process.execPath,
  [...profile, "--import", "tsx", path.join(root, "services/gateway/src/main.ts")],
  {
    cwd: path.join(root, "services/gateway"),
    env: { ...process.env, NATS_URL: nats.url, STUDIO_PORT: String(port), LOG_LEVEL: "warn" },
    stdio: ["ignore", "inherit", "inherit"],
  },
);
const base = `http://127.0.0.1:${port}`;
for (let i = 0; ; i++) {
  const ok = await fetch(`${base}/readyz`).then(
    (r) => r.ok,
    () => false,
  );
  if (ok) break;
  if (i > 200) throw new Error("gateway did not start");
  await new Promise((r) => setTimeout(r, 100));
}
const auth = { authorization: `Bearer ${token}` };
// Warm the campaign view (the first read loads 20,000 rows).
await fetch(`${base}/v1/campaigns/bench/summary`, { headers: auth });
await fetch(`${base}/v1/campaigns/bench-run/summary`, { headers: auth });

const emails = Array.from(
  { length: 50 },
  (_, i) => `person${i * 37}@acme${(i * 37) % 97}.example`,
).join(",");
const sample = await fetch(
  `${base}/v1/campaigns/bench/prospects?email=${encodeURIComponent(emails)}`,
  { headers: auth },
);
console.log(`lookup answer: ${sample.status}, ${(await sample.text()).length} bytes`);
// CPU seconds the gateway process used: requests per CPU-second is robust to a noisy machine.
const cpuSeconds = async () =>
  Number(
    /^studio_gateway_process_cpu_seconds_total (\S+)$/m.exec(
      await (await fetch(`${base}/metrics`)).text(),
    )?.[1] ?? Number.NaN,
  );
const only = process.env.BENCH_ONLY;
const cpu0 = await cpuSeconds();
const skipped: Result = {
  requests: { average: 0 },
  latency: { p50: 0, p99: 0 },
  non2xx: 0,
  errors: 0,
};
const lookup =
  only === "run"
    ? skipped
    : await autocannon({
        url: `${base}/v1/campaigns/bench/prospects?email=${encodeURIComponent(emails)}`,
        headers: auth,
        connections,
        duration: seconds,
      });
const cpu1 = await cpuSeconds();
let next = 0;
const clickPath = (n: number) =>
  `/v1/campaigns/bench-run/prospects/${runIds[n % runIds.length]}/cells/insight/run`;
const run =
  only === "lookup"
    ? skipped
    : await autocannon({
        url: base,
        connections,
        duration: seconds,
        requests: [
          {
            method: "POST",
            headers: auth,
            // A different ready cell each time: every answer is a real 202 with a published command.
            setupRequest: (req: Record<string, unknown>) => ({
              ...req,
              path: clickPath(next++),
            }),
          },
        ],
      });
const cpu2 = await cpuSeconds();
// The floor: an authenticated request that does nothing (auth, rate limit, metrics, JSON).
const me =
  only === undefined
    ? await autocannon({
        url: `${base}/v1/me`,
        headers: auth,
        connections,
        duration: Math.min(5, seconds),
      })
    : skipped;
const cpu3 = await cpuSeconds();
const rss = await fetch(`${base}/metrics`)
  .then((r) => r.text())
  .then((t) => /studio_gateway_process_resident_memory_bytes (\d+)/.exec(t)?.[1]);

const line = (name: string, r: Result, cpu: number, secs = seconds) =>
  `${name.padEnd(34)} ${Math.round(r.requests.average).toString().padStart(6)} req/s  p50 ${r.latency.p50} ms  p99 ${r.latency.p99} ms  non-2xx ${r.non2xx}  errors ${r.errors}  gateway CPU ${Math.round((cpu * 1e6) / Math.max(1, r.requests.average * secs))} µs/req (≈ ${Math.round((r.requests.average * secs) / cpu)} req/s per core)`;
console.log(
  `P5, one gateway process, ${connections} connections, ${seconds} s each, ${ROWS} rows (lookups), ${RUN_ROWS} rows (clicks)`,
);
console.log(line("GET /prospects?email= (50 emails)", lookup, cpu1 - cpu0));
console.log(line("POST …/cells/:s/run", run, cpu2 - cpu1));
if (only === undefined) {
  console.log(line("GET /v1/me (floor)", me, cpu3 - cpu2, Math.min(5, seconds)));
}
console.log(`gateway RSS after: ${Math.round(Number(rss ?? 0) / 1e6)} MB`);
gateway.kill("SIGTERM");
await new Promise((r) => gateway.once("exit", r));
await nats.stop();
