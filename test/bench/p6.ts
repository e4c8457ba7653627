// GOALS P6: wraps the gateway's own bench (services/gateway/bench/p6.ts): 1,000 SSE clients on
// one campaign — RSS, change → all clients latency, and baseline after connect/abort cycles.
// Run: pnpm bench p6 [--clients=1000] [--cycles=10000]
import path from "node:path";
import { ROOT } from "./lib/procs";
import { parseArgs } from "./lib/stats";
import { wrap } from "./lib/wrap";

const args = parseArgs(process.argv.slice(2));
const { code } = await wrap(
  "P6",
  path.join(ROOT, "services/gateway/bench/p6.ts"),
  [args.clients ?? "1000", args.cycles ?? "10000"],
  { cwd: path.join(ROOT, "services/gateway") },
);
console.log("P6 done (bar RSS ≤ 300 MB, p99 ≤ 250 ms, baseline after cycles; aim p99 ≤ 100 ms)");
process.exit(code);
