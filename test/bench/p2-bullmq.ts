// GOALS P2: the same DAG on BullMQ + Redis, in the same process run as our cascade (P1), so the
// ratio ours/BullMQ is measured under the same machine load. Three figures:
//   ours      — P1's cascade (orchestrator + step services on JetStream, separate processes);
//   BullMQ AOF, orchestrator shape — step workers in their own process, every finished step a
//               job on a `completions` queue, an orchestrator worker (this process) adds the next
//               step; Redis with `appendonly yes, appendfsync everysec` (durability comparable to
//               JetStream's file store). The ratio is against this one.
//   BullMQ no persistence, self-chaining — a worker adds the next job itself (BullMQ's best case).
// Redis: `redis-server` on a free port started here (temp dir); without it on PATH → skipped.
// Run: pnpm bench p2-bullmq [--n=10000] [--runs=1]
import { type ChildProcess, execFileSync, fork, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { connect as tcpConnect } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { CampaignSchema, type Prospect, type RunMessage, StepSchema } from "@studio/contracts";
import { Queue, Worker } from "bullmq";
import { freePort } from "../support/free-port";
import { nextRun, type StepJob } from "./lib/bullmq-dag";
import { benchProspect } from "./lib/cascade";
import { runCascade } from "./lib/cascade-run";
import { printMachine } from "./lib/machine";
import { cpuSecondsOf, ROOT, sleep, stopChild } from "./lib/procs";
import { int, median, parseArgs } from "./lib/stats";

const args = parseArgs(process.argv.slice(2));
const N = Number(args.n ?? 10_000);
const RUNS = Number(args.runs ?? 1);
const PROC = path.join(ROOT, "test/bench/lib/bullmq-proc.ts");

function hasRedis(): boolean {
  try {
    execFileSync("redis-server", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

async function startRedis(aof: boolean): Promise<{ port: number; stop(): Promise<void> }> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), "studio-redis-"));
  const persistence = aof
    ? ["--appendonly", "yes", "--appendfsync", "everysec"]
    : ["--appendonly", "no"];
  const child: ChildProcess = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--save", "", ...persistence],
    { stdio: "ignore" },
  );
  for (let i = 0; ; i++) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = tcpConnect(port, "127.0.0.1");
      s.once("connect", () => {
        s.end();
        resolve(true);
      });
      s.once("error", () => resolve(false));
    });
    if (ok) break;
    if (i > 200) throw new Error("redis-server did not start");
    await sleep(25);
  }
  return {
    port,
    async stop() {
      await stopChild(child, 3000);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function campaign() {
  const now = new Date().toISOString();
  return CampaignSchema.parse({
    id: "bull",
    workspaceId: "bench",
    name: "bull",
    createdAt: now,
    updatedAt: now,
    version: 1,
    steps: [
      { id: "insights", name: "Insights", kind: "insight", needs: [], autoRun: true },
      { id: "email", name: "Email", kind: "content", needs: ["insights"], autoRun: true },
      {
        id: "export",
        name: "Export",
        kind: "export",
        needs: ["email"],
        autoRun: true,
        config: { target: { type: "file", name: "bull" } },
      },
    ].map((s) => StepSchema.parse(s)),
  });
}

function firstRun(c: ReturnType<typeof campaign>, p: Prospect): RunMessage {
  const { id: _id, ...fields } = p;
  const step = c.steps[0] as RunMessage["step"];
  return {
    runId: `${p.id}-insights`,
    workspaceId: c.workspaceId,
    campaignId: c.id,
    prospectId: p.id,
    stepId: step.id,
    kind: step.kind,
    step,
    inputs: { prospect: fields, upstream: {} },
    inputHash: "h",
    trigger: "auto",
    queuedAt: new Date().toISOString(),
  };
}

export async function bullmqOnce(n: number, mode: "orch" | "self", aof: boolean) {
  const redis = await startRedis(aof);
  const dataDir = mkdtempSync(path.join(tmpdir(), "studio-bull-"));
  const prefix = `bench${Date.now()}`;
  const connection = { host: "127.0.0.1", port: redis.port, maxRetriesPerRequest: null };
  const child = fork(PROC, [String(redis.port), mode, dataDir, prefix], {
    execArgv: ["--import", "tsx"],
    stdio: "inherit",
  });
  await new Promise((r) => child.once("message", r));
  const c = campaign();
  const queues = new Map<string, Queue>();
  const queue = (name: string) => {
    let q = queues.get(name);
    if (!q) {
      q = new Queue(name, { connection, prefix });
      queues.set(name, q);
    }
    return q;
  };
  const opts = { removeOnComplete: true, removeOnFail: 1000 };
  let done = 0;
  let last = 0;
  const orchestrator = new Worker<StepJob & { output: never }>(
    "completions",
    async (job) => {
      const next = mode === "orch" ? nextRun(job.data, job.data.output) : undefined;
      if (next) {
        await queue(next.kind).add(
          next.kind,
          { run: next, campaign: c },
          { ...opts, jobId: next.runId },
        );
      } else if (job.data.run.stepId === "export") {
        done++;
        last = performance.now();
      }
    },
    { connection, prefix, concurrency: 256 },
  );
  const cpu0 = cpuSecondsOf(child.pid);
  const self0 = cpuSecondsOf(process.pid);
  const t0 = performance.now();
  const prospects = Array.from({ length: n }, (_, i) => benchProspect(i));
  for (let i = 0; i < n; i += 500) {
    await queue("insight").addBulk(
      prospects.slice(i, i + 500).map((p) => {
        const run = firstRun(c, p);
        return { name: "insight", data: { run, campaign: c }, opts: { ...opts, jobId: run.runId } };
      }),
    );
  }
  while (done < n) {
    await sleep(10);
    if (performance.now() - t0 > 600_000) throw new Error(`BullMQ run stalled at ${done}/${n}`);
  }
  const seconds = (last - t0) / 1000;
  const cpu = {
    workers: cpuSecondsOf(child.pid) - cpu0,
    orchestrator: cpuSecondsOf(process.pid) - self0,
  };
  await orchestrator.close();
  await Promise.all([...queues.values()].map((q) => q.close()));
  await stopChild(child, 3000);
  await redis.stop();
  rmSync(dataDir, { recursive: true, force: true });
  return { rate: (3 * n) / seconds, seconds, cpu };
}

printMachine();
if (!hasRedis()) {
  console.log("P2 skipped: no redis (redis-server is not on PATH)");
  process.exit(0);
}
console.log(`P2: ${N} prospects × 3 steps, ours vs BullMQ 6.7 in the same run, ${RUNS} round(s)`);
const ours: number[] = [];
const aof: number[] = [];
const fast: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const a = await bullmqOnce(N, "orch", true);
  aof.push(a.rate);
  console.log(
    `  BullMQ, Redis AOF everysec, orchestrator shape: ${int(a.rate)} cell runs/s (${a.seconds.toFixed(2)} s; CPU s workers ${a.cpu.workers.toFixed(1)}, orchestrator+bench ${a.cpu.orchestrator.toFixed(1)})`,
  );
  const o = await runCascade(N, { label: `  ours (P1 cascade)` });
  ours.push(o.cellRunsPerSec);
  const f = await bullmqOnce(N, "self", false);
  fast.push(f.rate);
  console.log(
    `  BullMQ, no persistence, worker adds the next job: ${int(f.rate)} cell runs/s (${f.seconds.toFixed(2)} s; CPU s workers ${f.cpu.workers.toFixed(1)})`,
  );
}
const m = { ours: median(ours), aof: median(aof), fast: median(fast) };
console.log(
  `P2 RESULT: ours ${int(m.ours)} / BullMQ AOF orchestrator-shape ${int(m.aof)} cell runs/s = ${(m.ours / m.aof).toFixed(2)}× (bar ≥ 1.0×, aim ≥ 2×); BullMQ no-persistence self-chaining ${int(m.fast)} cell runs/s (ours = ${(m.ours / m.fast).toFixed(2)}×)`,
);
printMachine();
