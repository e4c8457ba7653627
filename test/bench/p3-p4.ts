// GOALS P3 and P4 at a steady request rate (not under P1's flood).
// P3 click → done: wraps the gateway's bench (services/gateway/bench/p3.ts): `POST …/run` at a
//    steady rate → the `done` event on the SSE stream (in-process stack, local providers).
// P4 step → next step: the production-shaped cascade (orchestrator and step services as separate
//    processes), prospects imported one per command at a steady rate; the time from a step's
//    result being stored (seen on the results stream) to the next step's run being queued (seen
//    on the runs stream), p50/p90/p99.
// Run: pnpm bench p3-p4 [--clicks=500] [--rate=50] [--prospects=500]
import path from "node:path";
import { publishJson } from "@studio/bus";
import { type Command, CommandSchema, Subjects } from "@studio/contracts";
import { benchProspect, STEP_IDS, startCascadeStack, WS, waitUntil } from "./lib/cascade";
import { printMachine } from "./lib/machine";
import { ROOT, sleep } from "./lib/procs";
import { distribution, parseArgs, quantiles } from "./lib/stats";
import { wrap } from "./lib/wrap";

const args = parseArgs(process.argv.slice(2));
const CLICKS = Number(args.clicks ?? 500);
const RATE = Number(args.rate ?? 50);
const PROSPECTS = Number(args.prospects ?? 500);

const p3 = await wrap(
  "P3",
  path.join(ROOT, "services/gateway/bench/p3.ts"),
  [String(CLICKS), String(RATE)],
  {
    cwd: path.join(ROOT, "services/gateway"),
  },
);
const p3line = /p50 ([\d.]+) ms, p99 ([\d.]+) ms/.exec(p3.output);
if (p3line)
  console.log(
    `P3 RESULT: click → done p50 ${p3line[1]} ms, p99 ${p3line[2]} ms at ${RATE}/s (bar p50 ≤ 15, p99 ≤ 50; aim p99 ≤ 15)`,
  );

printMachine();
const stack = await startCascadeStack({ campaignId: "steady" });
try {
  const obs = stack.observer;
  const exports = obs.succeeded.get("export") as Map<string, number>;
  // Warm-up (JIT) before measuring: a few prospects through the whole chain.
  const send = (i: number, tag: string) => {
    const command: Command = {
      type: "prospects.upsert",
      commandId: `${tag}-${i}`,
      workspaceId: WS,
      campaignId: "steady",
      campaignVersion: 1,
      at: new Date().toISOString(),
      prospects: [benchProspect(i)],
    };
    return publishJson(stack.bus, Subjects.command(WS, "steady"), CommandSchema, command, {
      msgId: command.commandId,
    });
  };
  for (let i = 0; i < 50; i++) await send(1_000_000 + i, "warm");
  await waitUntil(
    () => exports.size >= 50,
    () => `warm-up ${exports.size}/50`,
    60_000,
  );
  for (const m of [...obs.queued.values(), ...obs.succeeded.values()]) m.clear();
  const t0 = performance.now();
  for (let i = 0; i < PROSPECTS; i++) {
    void send(i, "steady");
    const due = t0 + ((i + 1) * 1000) / RATE;
    await sleep(Math.max(0, due - performance.now()));
  }
  await waitUntil(
    () => exports.size >= PROSPECTS,
    () => `exports ${exports.size}/${PROSPECTS}`,
    120_000,
  );
  const next: number[] = [];
  for (let k = 0; k + 1 < STEP_IDS.length; k++) {
    const ok = obs.succeeded.get(STEP_IDS[k] as string) as Map<string, number>;
    const q = obs.queued.get(STEP_IDS[k + 1] as string) as Map<string, number>;
    for (const [p, at] of ok) {
      const queuedAt = q.get(p);
      if (queuedAt !== undefined) next.push(queuedAt - at);
    }
  }
  for (const s of STEP_IDS) {
    const q = obs.queued.get(s) as Map<string, number>;
    const lat = [...(obs.succeeded.get(s) as Map<string, number>)].flatMap(([p, at]) => {
      const from = q.get(p);
      return from === undefined ? [] : [at - from];
    });
    console.log(`  step ${s.padEnd(8)} queued → done: ${distribution(lat)}`);
  }
  const q = quantiles(next);
  console.log(
    `P4 RESULT: ${PROSPECTS} prospects at ${RATE}/s, result stored → next run queued p50 ${q.p50.toFixed(2)} ms, p90 ${q.p90.toFixed(2)} ms, p99 ${q.p99.toFixed(2)} ms (n=${q.n}; bar p99 ≤ 10 ms, aim p99 ≤ 3 ms)`,
  );
  console.log(`cells all done: ${exports.size >= PROSPECTS}`);
} finally {
  await stack.stop();
}
printMachine();
