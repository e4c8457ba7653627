// The raw JetStream ceiling for the product's message pattern: N prospects × 3 steps, each step
// run → worker (started + succeeded) → orchestrator → next step's run, as separate processes
// (one per kind + one orchestrator) on a fresh nats-server, limits streams on file storage, no
// state (no KV, no engine, no schemas). What P1 reaches as a fraction of this is the
// product's overhead over the broker.
// Run: pnpm bench jetstream-baseline [--n=10000] [--runs=3]
import { fork } from "node:child_process";
import path from "node:path";
import { connectBus } from "@studio/bus";
import { startNatsServer } from "../support/nats-server";
import { KINDS, RESULTS_STREAM, RUNS_STREAM } from "./lib/js-baseline-names";
import { printMachine } from "./lib/machine";
import { cpuSecondsOf, ROOT, stopChild } from "./lib/procs";
import { int, median, parseArgs } from "./lib/stats";

const args = parseArgs(process.argv.slice(2));
const N = Number(args.n ?? 10_000);
const RUNS = Number(args.runs ?? 3);
const PROC = path.join(ROOT, "test/bench/lib/js-baseline-proc.ts");

export async function baselineOnce(
  n: number,
): Promise<{ rate: number; seconds: number; cpu: Record<string, number> }> {
  const nats = await startNatsServer();
  const bus = await connectBus({ servers: nats.url, name: "baseline" });
  const { nc, js, jsm } = bus;
  const common = {
    retention: "limits" as never,
    storage: "file" as never,
    max_age: 7 * 24 * 3600 * 1e9,
    duplicate_window: 120 * 1e9,
  };
  await jsm.streams.add({ name: RUNS_STREAM, subjects: ["base.run.>"], ...common });
  await jsm.streams.add({ name: RESULTS_STREAM, subjects: ["base.result.>"], ...common });
  const roles: string[][] = [...KINDS.map((k) => ["worker", k]), ["orch"]];
  const children = roles.map((r) =>
    fork(PROC, [nats.url, ...r], { execArgv: ["--import", "tsx"], stdio: "inherit" }),
  );
  await Promise.all(children.map((c) => new Promise((r) => c.once("message", r))));
  let done = 0;
  let last = 0;
  const sub = nc.subscribe("base.result.export", {
    callback: (_e, m) => {
      if (m.data.length > 100) {
        done++;
        last = performance.now();
      }
    },
  });
  const cpu0 = children.map((c) => cpuSecondsOf(c.pid));
  const t0 = performance.now();
  const enc = new TextEncoder();
  const window: Promise<unknown>[] = [];
  for (let i = 0; i < n; i++) {
    const id = `p${i}-insight`;
    window.push(
      js.publish(
        "base.run.insight",
        enc.encode(JSON.stringify({ id, p: `p${i}`, k: "insight", payload: "y".repeat(400) })),
        { msgID: id },
      ),
    );
    if (window.length >= 256) await Promise.all(window.splice(0));
  }
  await Promise.all(window);
  while (done < n) await new Promise((r) => setTimeout(r, 5));
  const seconds = (last - t0) / 1000;
  const cpu: Record<string, number> = {};
  roles.forEach((r, i) => {
    cpu[r.join(":")] = cpuSecondsOf(children[i]?.pid) - (cpu0[i] ?? 0);
  });
  sub.unsubscribe();
  await Promise.all(children.map((c) => stopChild(c, 2000)));
  await bus.close();
  await nats.stop();
  return { rate: (3 * n) / seconds, seconds, cpu };
}

if (
  import.meta.url === `file://${process.argv[1]}` ||
  process.argv[1]?.endsWith("jetstream-baseline.ts")
) {
  printMachine();
  console.log(
    `raw JetStream baseline: ${N} prospects × 3 steps, worker per kind + orchestrator processes`,
  );
  const rates: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const r = await baselineOnce(N);
    rates.push(r.rate);
    console.log(
      `run ${i + 1}/${RUNS}: ${int(3 * N)} step runs in ${r.seconds.toFixed(2)} s → ${int(r.rate)} step runs/s; CPU s ${Object.entries(
        r.cpu,
      )
        .map(([k, v]) => `${k} ${v.toFixed(1)}`)
        .join(", ")}`,
    );
  }
  console.log(
    `JETSTREAM BASELINE RESULT: median ${int(median(rates))} step runs/s [${rates.map(int).join(", ")}]`,
  );
  printMachine();
}
