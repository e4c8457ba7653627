// Starts the real stack for the e2e suite: a nats-server we own (so a second, standalone
// gateway can join it), `pnpm start` against it, and that second gateway, which the extension
// talks to and which the tests stop and restart (R7).
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "../../..");

export type Stack = {
  /** The gateway `pnpm start` runs (used by tests to change state directly). */
  apiUrl: string;
  /** The standalone gateway the extension is configured with. */
  gatewayUrl: string;
  token: string;
  stopGateway(): Promise<void>;
  startGateway(): Promise<void>;
  stop(): Promise<void>;
};

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function spawnGroup(cmd: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(cmd, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
}

async function killGroup(
  child: ChildProcess | undefined,
  signal: NodeJS.Signals = "SIGTERM",
): Promise<void> {
  if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  try {
    process.kill(-child.pid, signal);
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      if (child.pid) process.kill(-child.pid, "SIGKILL");
    } catch {}
  }, 8_000);
  await exited;
  clearTimeout(timer);
}

async function waitFor(url: string, timeoutMs = 40_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`${url} not ready within ${timeoutMs} ms`);
}

export async function startStack(): Promise<Stack> {
  const dir = mkdtempSync(path.join(tmpdir(), "studio-e2e-"));
  const natsPort = await freePort();
  const nats = spawnGroup(
    "nats-server",
    ["-js", "-a", "127.0.0.1", "-p", String(natsPort), "-sd", path.join(dir, "nats")],
    {},
  );
  const natsUrl = `nats://127.0.0.1:${natsPort}`;
  const apiPort = await freePort();
  const env = {
    NATS_URL: natsUrl,
    STUDIO_DATA_DIR: path.join(dir, "data"),
    LOG_LEVEL: "warn",
    STUDIO_SSE_PING_MS: "2000",
  };
  // tsx directly (not through pnpm) so the whole stack is one process group we can stop.
  const tsx = path.join(ROOT, "node_modules/.bin/tsx");
  const stack = spawnGroup(tsx, ["services/stack/src/main.ts"], {
    ...env,
    STUDIO_PORT: String(apiPort),
  });
  let out = "";
  stack.stdout?.on("data", (d) => {
    out += String(d);
  });
  stack.stderr?.on("data", (d) => {
    out += String(d);
  });
  const token = await new Promise<string>((resolve, reject) => {
    // (on failure the caller never gets a Stack: stop what was started here first)
    const t = setTimeout(() => reject(new Error(`stack did not start:\n${out}`)), 90_000);
    const check = () => {
      const m = /token:\s+(\S+)/.exec(out);
      if (/ready http/.test(out) && m?.[1]) {
        clearTimeout(t);
        resolve(m[1]);
      }
    };
    stack.stdout?.on("data", check);
    stack.once("exit", () => reject(new Error(`stack exited:\n${out}`)));
  }).catch(async (e: unknown) => {
    await killGroup(stack, "SIGINT");
    await killGroup(nats);
    throw e;
  });
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const gwPort = await freePort();
  const gatewayUrl = `http://127.0.0.1:${gwPort}`;
  let gateway: ChildProcess | undefined;
  const startGateway = async () => {
    gateway = spawnGroup("pnpm", ["exec", "tsx", "services/gateway/src/main.ts"], {
      ...env,
      STUDIO_PORT: String(gwPort),
    });
    gateway.stdout?.resume();
    gateway.stderr?.resume();
    await waitFor(`${gatewayUrl}/readyz`);
  };
  await startGateway();
  return {
    apiUrl,
    gatewayUrl,
    token,
    startGateway,
    stopGateway: () => killGroup(gateway),
    async stop() {
      await killGroup(gateway);
      await killGroup(stack, "SIGINT");
      await killGroup(nats);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
