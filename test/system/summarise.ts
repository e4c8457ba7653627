// `pnpm test:chaos` epilogue: the latest full-mode figures of each goal (from the system tests'
// test/system/.results/*.jsonl), as Markdown rows for the "Reliability" section of RESULTS.md.
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";

const dir = join(import.meta.dirname, ".results");
const files = (await readdir(dir).catch(() => [])).filter((f) => f.endsWith(".jsonl")).sort();
console.log("| goal | at | figures |\n|---|---|---|");
for (const file of files) {
  const lines = (await readFile(join(dir, file), "utf8")).trim().split("\n");
  const full = lines
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .filter((l) => l.mode === "full");
  const last = full[full.length - 1];
  if (last === undefined) continue;
  const { goal, at, mode: _m, ...figures } = last;
  console.log(`| ${goal} | ${at} | \`${JSON.stringify(figures)}\` |`);
}
