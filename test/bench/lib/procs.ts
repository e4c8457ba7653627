// Child processes for the benches: services started like production (`node --import tsx
// services/<name>/src/main.ts`), their CPU time from /proc, and a clean stop.
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { adopt } from "../../support/reaper";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

export interface Service {
  name: string;
  child: ChildProcess;
  /** CPU seconds (user + system) used so far; NaN once exited. */
  cpuSeconds(): number;
  stop(): Promise<void>;
}

const TICKS = 100; // USER_HZ on Linux

export function cpuSecondsOf(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // utime, stime are fields 14 and 15 (1-based) → 11, 12 after the comm field is cut.
    return (Number(fields[11]) + Number(fields[12])) / TICKS;
  } catch {
    return Number.NaN;
  }
}

export function startService(
  name: string,
  env: NodeJS.ProcessEnv,
  options: { nodeArgs?: string[]; entry?: string; quiet?: boolean } = {},
): Service {
  const entry = options.entry ?? path.join(ROOT, "services", name, "src/main.ts");
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), "--import", "tsx", entry], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", options.quiet ? "ignore" : "inherit", "inherit"],
  });
  adopt(child);
  return {
    name,
    child,
    cpuSeconds: () => cpuSecondsOf(child.pid),
    stop: () => stopChild(child),
  };
}

export async function stopChild(child: ChildProcess, graceMs = 15_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
  await exited;
  clearTimeout(timer);
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
