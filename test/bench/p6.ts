// GOALS P6: wraps the gateway's own bench (services/gateway/bench/p6.ts): 1,000 SSE clients on
// one campaign — RSS, change → all clients latency, and baseline after connect/abort cycles.
// Run: pnpm bench p6 [--clients=1000] [--cycles=10000]
import path from "node:path";
import { ROOT } from "./lib/procs";
import { parseArgs } from "./lib/stats";
import { wrap } from "./lib/wrap";

const args = parseArgs(process.argv.slice(2));
const { code, output } = await wrap(
  "P6",
  path.join(ROOT, "services/gateway/bench/p6.ts"),
  [args.clients ?? "1000", args.cycles ?? "10000"],
  { cwd: path.join(ROOT, "services/gateway") },
);
const lines = output.split("\n");
const rss = lines.find((l) => l.startsWith("RSS:"));
const fanout = lines.find((l) => l.startsWith("change → client"));
const cycles = lines.find((l) => / connect\/abort cycles /.test(l));
const again = lines.find((l) => l.startsWith("another "));
if (rss && fanout && cycles)
  console.log(`P6 RESULT: ${rss} | ${fanout} | ${cycles}${again ? ` | ${again}` : ""}`);
console.log("P6 done (bar RSS ≤ 300 MB, p99 ≤ 250 ms, baseline after cycles; aim p99 ≤ 100 ms)");
process.exit(rss && fanout && cycles ? code : 1);
