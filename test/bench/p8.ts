// GOALS P8: start-up of the README start command — `pnpm start` spawned with a fresh data dir
// (embedded nats-server, every service as its own process, demo workspace) until it prints its
// `ready` line. Median of several starts; each stack is stopped (SIGINT to its group) after.
// Run: pnpm bench p8 [--runs=3]
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { freePort } from "../support/free-port";
import { printMachine } from "./lib/machine";
import { ROOT } from "./lib/procs";
import { median, parseArgs } from "./lib/stats";

const args = parseArgs(process.argv.slice(2));
const RUNS = Number(args.runs ?? 3);

async function once(): Promise<number> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "studio-p8-"));
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn("pnpm", ["start"], {
    cwd: ROOT,
    env: {
      ...process.env,
      STUDIO_DATA_DIR: dataDir,
      STUDIO_PORT: String(port),
      LOG_LEVEL: "warn",
      NATS_URL: "",
    },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let out = "";
  const ms = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ready line in 120 s:\n${out}`)), 120_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      if (/^ready http/m.test(out)) {
        clearTimeout(timer);
        resolve(performance.now() - t0);
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", (d: Buffer) => {
      out += d.toString();
    });
    child.once("exit", (c) => reject(new Error(`pnpm start exited (${c}):\n${out}`)));
  });
  child.removeAllListeners("exit");
  const exited = new Promise((r) => child.once("exit", r));
  process.kill(-(child.pid as number), "SIGINT");
  const kill = setTimeout(() => process.kill(-(child.pid as number), "SIGKILL"), 15_000);
  await exited;
  clearTimeout(kill);
  rmSync(dataDir, { recursive: true, force: true });
  return ms;
}

printMachine();
console.log(`P8: \`pnpm start\` with a fresh data dir until the ready line, ${RUNS} start(s)`);
const times: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const ms = await once();
  times.push(ms);
  console.log(`  start ${i + 1}/${RUNS}: ready after ${(ms / 1000).toFixed(2)} s`);
}
console.log(
  `P8 RESULT: median ${(median(times) / 1000).toFixed(2)} s to ready [${times.map((t) => (t / 1000).toFixed(2)).join(", ")}] (bar ≤ 15 s, aim ≤ 5 s)`,
);
printMachine();
