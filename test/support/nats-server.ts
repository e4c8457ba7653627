// A real nats-server per test suite: free ports, a temporary store dir, kill/restart for crash tests.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./free-port";
import { adopt } from "./reaper";

export interface NatsServerOptions {
  jetstream?: boolean;
  /** Reuse a store dir (kept on stop); by default a temporary one is created and removed. */
  storeDir?: string;
  port?: number;
  /** Max time to wait for the server to answer `/healthz`. */
  startTimeoutMs?: number;
}

export interface NatsServer {
  url: string;
  port: number;
  monitorPort: number;
  storeDir: string;
  /** The running process' pid (undefined between a kill and a restart). */
  readonly pid: number | undefined;
  /** Graceful stop (SIGTERM), then removes the temporary store dir. */
  stop(): Promise<void>;
  /** Sends a signal (e.g. "SIGKILL" for a crash) and waits for the process to exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts again on the same port and store dir (after kill or stop-less crash). */
  restart(): Promise<void>;
}

const HOST = "127.0.0.1";

export async function startNatsServer(options: NatsServerOptions = {}): Promise<NatsServer> {
  const jetstream = options.jetstream ?? true;
  const ownsStore = options.storeDir === undefined;
  const storeDir = options.storeDir ?? (await mkdtemp(join(tmpdir(), "studio-nats-")));
  const port = options.port ?? (await freePort());
  const monitorPort = await freePort();
  const startTimeoutMs = options.startTimeoutMs ?? 10_000;
  let child: ChildProcess | undefined;

  async function launch(): Promise<void> {
    const args = ["-a", HOST, "-p", String(port), "-m", String(monitorPort)];
    if (jetstream) args.push("-js", "-sd", storeDir);
    const proc = spawn("nats-server", args, { stdio: ["ignore", "ignore", "pipe"] });
    adopt(proc);
    let stderr = "";
    proc.stderr?.on("data", (chunk: Buffer) => {
      // Keep only the tail: enough to explain a failed start, bounded for long runs.
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    child = proc;
    const exited = new Promise<never>((_, reject) => {
      proc.once("exit", (code, signal) =>
        reject(new Error(`nats-server exited during start (${code ?? signal}): ${stderr}`)),
      );
      proc.once("error", reject);
    });
    exited.catch(() => undefined);
    await Promise.race([waitHealthy(monitorPort, startTimeoutMs), exited]);
  }

  async function kill(signal: NodeJS.Signals = "SIGKILL"): Promise<void> {
    const proc = child;
    child = undefined;
    if (proc === undefined || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => proc.once("exit", () => resolve()));
    proc.kill(signal);
    await exited;
  }

  await launch();
  return {
    url: `nats://${HOST}:${port}`,
    port,
    monitorPort,
    storeDir,
    get pid() {
      return child?.pid;
    },
    kill,
    async restart() {
      await kill("SIGKILL");
      await launch();
    },
    async stop() {
      await kill("SIGTERM");
      if (ownsStore) await rm(storeDir, { recursive: true, force: true });
    },
  };
}

/** Polls the monitor port's `/healthz`, which answers ok only once JetStream is ready too. */
async function waitHealthy(monitorPort: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`http://${HOST}:${monitorPort}/healthz`);
      if (res.ok) return;
      lastError = new Error(`healthz answered ${res.status}`);
    } catch (err) {
      lastError = err;
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`nats-server not healthy after ${timeoutMs} ms`, { cause: lastError });
}
