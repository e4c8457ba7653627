// GOALS P7: wraps the extension engineer's bench (test/e2e/bench-p7.ts): the built extension in
// Debian's Chromium (Playwright launchPersistentContext, headless) on a 1,000-row CRM page —
// decoration time after load, long tasks (PerformanceObserver), and a burst of cell updates.
// Skipped, with the reason, when Chromium, the built extension or that bench is missing.
// Run: pnpm bench p7 [--rows=1000] [--loads=5]
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { printMachine } from "./lib/machine";
import { ROOT } from "./lib/procs";
import { parseArgs } from "./lib/stats";
import { wrap } from "./lib/wrap";
import { P7_BENCH as bench, CHROMIUM as chromium, p7SkipReason } from "./p7-skip";

const args = parseArgs(process.argv.slice(2));
const extension = path.join(ROOT, "extension/.output/chrome-mv3/manifest.json");

const skip = p7SkipReason();
if (skip !== undefined) {
  printMachine();
  console.log(`P7 skipped: ${skip}`);
  process.exit(0);
}
if (!existsSync(extension)) {
  console.log("building the extension (pnpm --filter @studio/extension build)…");
  const r = spawnSync("pnpm", ["--filter", "@studio/extension", "build"], {
    cwd: ROOT,
    stdio: "inherit",
  });
  if (r.status !== 0) {
    console.log("P7 skipped: the extension did not build");
    process.exit(0);
  }
}
const { code, output } = await wrap("P7", bench, [], {
  env: { P7_ROWS: args.rows ?? "1000", P7_LOADS: args.loads ?? "5", CHROMIUM_PATH: chromium },
});
const line = output.split("\n").find((l) => l.startsWith('{"goal":"P7"'));
if (line) {
  const r = JSON.parse(line);
  console.log(
    `P7 RESULT: ${r.rows} rows decorated ${r.decorateAfterLoadMsMedian} ms after load (median of ${r.loads}; bar ≤ 500, aim ≤ 200); long tasks > 50 ms while decorating: ${r.longTasksDuringLoadMax} (longest ${r.maxLongTaskDuringLoadMs} ms); burst of ≥ ${r.burst.cellUpdatesAtLeast} updates: ${r.burst.longTasksOver50ms} long tasks > 50 ms (longest ${r.burst.maxLongTaskMs} ms)`,
  );
}
process.exit(code);
