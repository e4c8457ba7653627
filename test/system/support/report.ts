// Test results for test/bench/RESULTS.md: each system test appends one JSON line per run to
// test/system/.results/<goal>.jsonl (git-ignored), which `pnpm test:chaos` summarises.
import { appendFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { ROOT } from "./processes";
import { FULL } from "./system";

export async function record(goal: string, figures: Record<string, unknown>): Promise<void> {
  const dir = join(ROOT, "test/system/.results");
  await mkdir(dir, { recursive: true });
  const line = { goal, mode: FULL ? "full" : "quick", at: new Date().toISOString(), ...figures };
  await appendFile(join(dir, `${goal}.jsonl`), `${JSON.stringify(line)}\n`);
  console.log(`[${goal}]`, JSON.stringify(line));
}

export async function waitFor(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what = "condition",
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} not met in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
