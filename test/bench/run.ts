// `pnpm bench` runs every benchmark, `pnpm bench <name> [--flags]` one of them, each as its own
// process. `--smoke` runs them with small sizes (seconds each) — what the CI smoke test uses.
// Each bench prints its figures (lines starting with "<GOAL> RESULT") and the machine line.
import { spawn } from "node:child_process";
import path from "node:path";
import { ROOT } from "./lib/procs";

export const BENCHES: Record<string, { file: string; smoke: string[] }> = {
  "p1-cascade": { file: "p1-cascade.ts", smoke: ["--n=200", "--runs=1"] },
  "jetstream-baseline": { file: "jetstream-baseline.ts", smoke: ["--n=200", "--runs=1"] },
  "p2-bullmq": { file: "p2-bullmq.ts", smoke: ["--n=200", "--runs=1"] },
  "p3-p4": { file: "p3-p4.ts", smoke: ["--clicks=20", "--rate=20", "--prospects=20"] },
  p5: { file: "p5.ts", smoke: ["--seconds=1", "--connections=8"] },
  p6: { file: "p6.ts", smoke: ["--clients=20", "--cycles=50"] },
  p7: { file: "p7.ts", smoke: ["--rows=50", "--loads=1"] },
  p8: { file: "p8.ts", smoke: ["--runs=1"] },
};

export function runBench(name: string, argv: string[]): Promise<{ code: number; output: string }> {
  const bench = BENCHES[name];
  if (bench === undefined)
    throw new Error(`unknown bench ${name}; one of ${Object.keys(BENCHES).join(", ")}`);
  const child = spawn(
    process.execPath,
    ["--import", "tsx", path.join(ROOT, "test/bench", bench.file), ...argv],
    {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  let output = "";
  child.stdout.on("data", (d: Buffer) => {
    output += d.toString();
    process.stdout.write(d);
  });
  return new Promise((resolve) =>
    child.once("exit", (code) => resolve({ code: code ?? 1, output })),
  );
}

if (process.argv[1]?.endsWith("run.ts")) {
  const argv = process.argv.slice(2);
  const smoke = argv.includes("--smoke");
  const names = argv.filter((a) => !a.startsWith("--"));
  const flags = argv.filter((a) => a.startsWith("--") && a !== "--smoke");
  const selected = names.length > 0 ? names : Object.keys(BENCHES);
  const summary: string[] = [];
  let failed = 0;
  for (const name of selected) {
    console.log(`\n=== ${name} ===`);
    const extra = smoke ? [...(BENCHES[name]?.smoke ?? []), ...flags] : flags;
    const { code, output } = await runBench(name, extra);
    if (code !== 0) failed++;
    summary.push(
      ...output.split("\n").filter((l) => / RESULT|skipped/.test(l)),
      ...(code !== 0 ? [`${name}: exited with code ${code}`] : []),
    );
  }
  console.log(`\n=== summary ===\n${summary.join("\n")}`);
  process.exit(failed > 0 ? 1 : 0);
}
