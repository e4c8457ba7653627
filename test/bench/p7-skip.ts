// When P7 cannot run here: no Chromium, or no extension bench (test/e2e/bench-p7.ts).
import { existsSync } from "node:fs";
import path from "node:path";
import { ROOT } from "./lib/procs";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const P7_BENCH = path.join(ROOT, "test/e2e/bench-p7.ts");

export function p7SkipReason(): string | undefined {
  if (!existsSync(CHROMIUM)) return `no Chromium at ${CHROMIUM}`;
  if (!existsSync(P7_BENCH))
    return "test/e2e/bench-p7.ts (owned by the extension work) is not present";
  return undefined;
}
