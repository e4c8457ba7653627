// GOALS P5: wraps the gateway's own bench (services/gateway/bench/p5.ts): one gateway process,
// autocannon on `GET …/prospects?email=` (50 emails) and `POST …/cells/:s/run`.
// Run: pnpm bench p5 [--seconds=10] [--connections=32,64] [--runs=3] [--run-rows=N]
// (--run-rows: rows of the click campaign, one click each; default 6,000 per second of run)
// autocannon is closed-loop: latency ≈ connections / throughput, so one connection count says
// little about p99 on its own. Each run measures every count given (32 and 64 by default).
import path from "node:path";
import { ROOT } from "./lib/procs";
import { parseArgs } from "./lib/stats";
import { wrap } from "./lib/wrap";

const args = parseArgs(process.argv.slice(2));
const runs = Number(args.runs ?? 1);
let failed = 0;
const connectionCounts = (args.connections ?? "32,64").split(",");
for (let i = 0; i < runs; i++)
  for (const connections of connectionCounts) await once(i, connections);

async function once(i: number, connections: string) {
  const { code, output } = await wrap(
    `P5 run ${i + 1}/${runs}, ${connections} connections`,
    path.join(ROOT, "services/gateway/bench/p5.ts"),
    [args.seconds ?? "10", connections],
    {
      cwd: path.join(ROOT, "services/gateway"),
      ...(args["run-rows"] === undefined ? {} : { env: { BENCH_RUN_ROWS: args["run-rows"] } }),
    },
  );
  if (code !== 0) failed++;
  // One summary line from the gateway bench's own figures.
  const figure = (label: RegExp) =>
    output
      .split("\n")
      .find((l) => label.test(l))
      ?.replace(/\s+/g, " ");
  const lookup = figure(/^GET \/prospects\?email=/);
  const run = figure(/^POST …\/cells/);
  if (lookup && run) console.log(`P5 RESULT: ${connections} connections — ${lookup} | ${run}`);
  else failed++;
}
console.log(
  `P5 done (bar ≥ 3,000 req/s each, p99 ≤ 30 ms; aim ≥ 8,000)${failed ? `; ${failed} run(s) failed` : ""}`,
);
process.exit(failed ? 1 : 0);
