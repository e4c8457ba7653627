// GOALS P1 (and P4 from the same run): 10,000 prospects × 3 Auto-Pilot steps (insight →
// content → export to a file), orchestrator and step services as separate processes on a fresh
// nats-server, from the bulk import to the last export done. Prints cell runs/s, per-step
// latency (run queued → result stored) and step → next step (result stored → next run queued).
// Run: pnpm bench p1-cascade [--n=10000] [--runs=3] [--prof]
import { mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type CascadeFigures, runCascade } from "./lib/cascade-run";
import { printMachine } from "./lib/machine";
import { latestProfile, summarizeProfile } from "./lib/profile";
import { distribution, int, median, parseArgs } from "./lib/stats";

const args = parseArgs(process.argv.slice(2));
const N = Number(args.n ?? 10_000);
const RUNS = Number(args.runs ?? 3);
const PROF = args.prof === "true";
const profDir = path.join(tmpdir(), `studio-orch-prof-${process.pid}`);

printMachine();
console.log(`P1 cascade: ${N} prospects, ${RUNS} run(s), services as separate processes`);
if (PROF) mkdirSync(profDir, { recursive: true });
const all: CascadeFigures[] = [];
for (let i = 0; i < RUNS; i++) {
  all.push(
    await runCascade(N, {
      label: `run ${i + 1}/${RUNS}`,
      orchestratorNodeArgs: PROF ? ["--cpu-prof", `--cpu-prof-dir=${profDir}`] : [],
      timeoutMs: Number(args.timeout ?? 600_000),
    }),
  );
}
const rates = all.map((f) => f.cellRunsPerSec);
const p4 = all.flatMap((f) => f.next);
console.log(
  `P1 RESULT: median ${int(median(rates))} cell runs/s over ${RUNS} run(s) [${rates.map(int).join(", ")}] (bar ≥ 4,000, aim ≥ 12,000)`,
);
console.log(
  `P4 RESULT (cascade, all runs): result stored → next run queued ${distribution(p4, 2)}`,
);
console.log(`cells all done: ${all.every((f) => f.lines === N)}`);
if (PROF) {
  const file = latestProfile(profDir);
  if (file) console.log(summarizeProfile(file, Number(args.top ?? 25)));
  if (args["keep-prof"] !== "true") rmSync(profDir, { recursive: true, force: true });
  else console.log(`profiles kept in ${profDir}`);
}
printMachine();
