// GOALS P6 for one gateway process: 1,000 SSE clients on one campaign — RSS, change → all
// clients latency, and memory/handles back to baseline after many connect/abort cycles.
// Run: pnpm --filter @studio/gateway exec tsx bench/p6.ts [clients] [cycles]
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { connectBus, openStore } from "@studio/bus";
import { Buckets, type Campaign, Keys, type Row, RowSchema } from "@studio/contracts";
import { newRow } from "@studio/engine";
import { freePort } from "../../../test/support/free-port";
import { startNatsServer } from "../../../test/support/nats-server";
import { startTestGateway } from "../src/testing/harness";
import { client } from "../src/testing/http";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const CLIENTS = Number(process.argv[2] ?? 1000);
const CYCLES = Number(process.argv[3] ?? 2000);
const ROWS = 2_000;

const nats = await startNatsServer();
const seeder = await startTestGateway(nats.url);
const token = await seeder.token("p6");
const steps = [
  { id: "insight", name: "Insights", kind: "insight", needs: [], autoRun: false, config: {} },
  { id: "email", name: "Email", kind: "content", needs: ["insight"], autoRun: false, config: {} },
];
const campaign = (
  await client(seeder.url, token)<Campaign>("POST", "/v1/campaigns", {
    body: { id: "live", name: "Live", steps },
  })
).body;
await seeder.close();
const bus = await connectBus({ servers: nats.url, name: "p6-writer" });
const rows = await openStore(bus, Buckets.rows, RowSchema);
const now = new Date().toISOString();
const seeded: Row[] = [];
for (let i = 0; i < ROWS; i += 200) {
  await Promise.all(
    Array.from({ length: 200 }, (_, j) => {
      const row = newRow(
        campaign,
        { id: `p${i + j}`, email: `p${i + j}@x.example` },
        { now },
        `s${i + j}`,
      ).row as Row;
      seeded.push(row);
      return rows.put(Keys.row("p6", "live", row.prospect.id), row);
    }),
  );
}

const port = await freePort();
const gateway = spawn(
  process.execPath,
  ["--import", "tsx", path.join(root, "services/gateway/src/main.ts")],
  {
    cwd: path.join(root, "services/gateway"),
    env: { ...process.env, NATS_URL: nats.url, STUDIO_PORT: String(port), LOG_LEVEL: "warn" },
    stdio: ["ignore", "inherit", "inherit"],
  },
);
const base = `http://127.0.0.1:${port}`;
while (
  !(await fetch(`${base}/readyz`).then(
    (r) => r.ok,
    () => false,
  ))
)
  await new Promise((r) => setTimeout(r, 100));
const metric = async (name: string) => {
  const text = await (await fetch(`${base}/metrics`)).text();
  return Number(new RegExp(`^${name} (\\S+)$`, "m").exec(text)?.[1] ?? Number.NaN);
};
const url = `${base}/v1/campaigns/live/events`;
const headers = { authorization: `Bearer ${token}` };
await fetch(`${base}/v1/campaigns/live/summary`, { headers });
const baseline = {
  rss: await metric("studio_gateway_process_resident_memory_bytes"),
  fds: await metric("studio_gateway_process_open_fds"),
  heap: await metric("studio_gateway_nodejs_heap_size_used_bytes"),
};

// Each client watches for ids; `wanted` maps an id to the time the change was written.
const arrivals = new Map<string, number[]>();
const wanted = new Map<string, number>();
const controllers: AbortController[] = [];
async function listen(): Promise<void> {
  const ac = new AbortController();
  controllers.push(ac);
  const res = await fetch(url, { headers, signal: ac.signal });
  const decoder = new TextDecoder();
  void (async () => {
    try {
      for await (const chunk of res.body ?? []) {
        for (const m of decoder
          .decode(chunk as Uint8Array, { stream: true })
          .matchAll(/^id: (\d+)$/gm)) {
          const at = wanted.get(m[1] as string);
          if (at !== undefined) arrivals.get(m[1] as string)?.push(performance.now() - at);
        }
      }
    } catch {
      // aborted
    }
  })();
}
for (let i = 0; i < CLIENTS; i += 100)
  await Promise.all(Array.from({ length: Math.min(100, CLIENTS - i) }, listen));
await new Promise((r) => setTimeout(r, 1000));
const withClients = await metric("studio_gateway_process_resident_memory_bytes");

const latencies: number[] = [];
for (let k = 0; k < 20; k++) {
  const row = structuredClone(seeded[k] as Row);
  const cell = row.cells.insight;
  if (cell) {
    cell.state = "queued";
    cell.version += 1;
  }
  const t = performance.now();
  const rev = await rows.put(Keys.row("p6", "live", row.prospect.id), row);
  wanted.set(String(rev), t);
  arrivals.set(String(rev), []);
  await new Promise((r) => setTimeout(r, 300));
}
for (const list of arrivals.values()) latencies.push(...list);
latencies.sort((a, b) => a - b);
const delivered = latencies.length;
const p = (q: number) =>
  latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]?.toFixed(1);
for (const ac of controllers) ac.abort();
controllers.length = 0;

async function cycle(n: number): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < n; i += 50) {
    await Promise.all(
      Array.from({ length: 50 }, async () => {
        const ac = new AbortController();
        const res = await fetch(url, { headers, signal: ac.signal });
        const reader = res.body?.getReader();
        await reader?.read();
        ac.abort();
      }).map((p) => p.catch(() => undefined)),
    );
  }
  return (performance.now() - started) / 1000;
}
const cycleSecs = await cycle(CYCLES);
await new Promise((r) => setTimeout(r, 2000));
const after = {
  rss: await metric("studio_gateway_process_resident_memory_bytes"),
  fds: await metric("studio_gateway_process_open_fds"),
  clients: await metric("studio_sse_clients"),
};

for (let i = 0; i < 5; i++) {
  await new Promise((r) => setTimeout(r, 3000));
  console.log(
    `after ${(i + 1) * 3 + 2} s: open fds ${await metric("studio_gateway_process_open_fds")}, RSS ${Math.round((await metric("studio_gateway_process_resident_memory_bytes")) / 1e6)} MB, heap used ${Math.round((await metric("studio_gateway_nodejs_heap_size_used_bytes")) / 1e6)} MB (baseline ${Math.round(baseline.heap / 1e6)} MB)`,
  );
}
// Heap used is read without forcing a GC, so one figure says little; a leak shows as growth
// from one round of cycles to the next (the GC has run many times during a round).
const heapAfterFirst = await metric("studio_gateway_nodejs_heap_size_used_bytes");
const secondSecs = await cycle(CYCLES);
await new Promise((r) => setTimeout(r, 5000));
const second = {
  heap: await metric("studio_gateway_nodejs_heap_size_used_bytes"),
  rss: await metric("studio_gateway_process_resident_memory_bytes"),
  fds: await metric("studio_gateway_process_open_fds"),
  clients: await metric("studio_sse_clients"),
};
if (process.env.P6_SS === "1") {
  const { execSync } = await import("node:child_process");
  console.log(execSync(`ss -tan | awk '$4 ~ /:${port}$/ {print $1}' | sort | uniq -c`).toString());
}
const mb = (b: number) => `${Math.round(b / 1e6)} MB`;
console.log(`P6, one gateway process, ${ROWS} rows, ${CLIENTS} SSE clients`);
console.log(`RSS: baseline ${mb(baseline.rss)}, with ${CLIENTS} clients ${mb(withClients)}`);
console.log(
  `change → client: ${delivered}/${20 * CLIENTS} deliveries, p50 ${p(0.5)} ms, p99 ${p(0.99)} ms, max ${p(1)} ms`,
);
console.log(
  `${CYCLES} connect/abort cycles in ${cycleSecs.toFixed(1)} s: RSS ${mb(after.rss)}, open fds ${after.fds} (baseline ${baseline.fds}), sse clients ${after.clients}`,
);
console.log(
  `another ${CYCLES} cycles in ${secondSecs.toFixed(1)} s, 5 s later: heap used ${mb(heapAfterFirst)} → ${mb(second.heap)}, RSS ${mb(second.rss)}, open fds ${second.fds} (baseline ${baseline.fds}), sse clients ${second.clients}`,
);
gateway.kill("SIGTERM");
await new Promise((r) => gateway.once("exit", r));
await bus.close();
await nats.stop();
