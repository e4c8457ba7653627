// Services as real processes (`node --import tsx services/<name>/src/main.ts`), each with its log
// file, for crash tests: kill(signal) and restart() with the same environment.
import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream, type WriteStream } from "node:fs";
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { adopt } from "../../support/reaper";

export const ROOT = resolve(import.meta.dirname, "../../..");

export type ServiceName = "gateway" | "orchestrator" | "insight" | "content" | "export";

export interface ServiceProcess {
  name: string;
  logFile: string;
  readonly pid: number | undefined;
  readonly running: boolean;
  kill(signal?: NodeJS.Signals): Promise<void>;
  restart(): Promise<void>;
  /** Graceful stop (SIGTERM), SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
  /** Resolves once a log line contains `text` (after `from` bytes of the log). */
  waitForLog(text: string, timeoutMs?: number): Promise<void>;
  logText(): Promise<string>;
}

export function spawnService(
  service: ServiceName,
  label: string,
  env: Record<string, string>,
  logDir: string,
): ServiceProcess {
  const logFile = join(logDir, `${label}.log`);
  let child: ChildProcess | undefined;
  let out: WriteStream | undefined;

  function launch(): void {
    out = createWriteStream(logFile, { flags: "a" });
    const proc = spawn(
      process.execPath,
      ["--import", "tsx", join(ROOT, `services/${service}/src/main.ts`)],
      {
        cwd: ROOT,
        env: { ...process.env, LOG_LEVEL: "info", ...env },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    adopt(proc);
    proc.stdout?.pipe(out, { end: false });
    proc.stderr?.pipe(out, { end: false });
    child = proc;
  }

  async function kill(signal: NodeJS.Signals = "SIGKILL"): Promise<void> {
    const proc = child;
    child = undefined;
    if (proc === undefined || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise<void>((r) => proc.once("exit", () => r()));
    proc.kill(signal);
    await exited;
  }

  launch();
  const handle: ServiceProcess = {
    name: label,
    logFile,
    get pid() {
      return child?.pid;
    },
    get running() {
      return child !== undefined && child.exitCode === null && child.signalCode === null;
    },
    kill,
    async restart() {
      await kill("SIGKILL");
      launch();
    },
    async stop(graceMs = 5_000) {
      const proc = child;
      if (proc === undefined) return;
      const timer = setTimeout(() => proc.kill("SIGKILL"), graceMs);
      await kill("SIGTERM");
      clearTimeout(timer);
    },
    async logText() {
      return readFile(logFile, "utf8").catch(() => "");
    },
    async waitForLog(text, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        if ((await handle.logText()).includes(text)) return;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`${label}: no log line with "${text}" after ${timeoutMs} ms`);
    },
  };
  return handle;
}

/** Parsed JSON log lines of a service log (other lines skipped). */
export async function logLines(p: ServiceProcess): Promise<Record<string, unknown>[]> {
  const lines: Record<string, unknown>[] = [];
  for (const line of (await p.logText()).split("\n")) {
    if (!line.startsWith("{")) continue;
    try {
      lines.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      // a line cut by a kill -9
    }
  }
  return lines;
}
