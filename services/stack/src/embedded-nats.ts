// The embedded broker: `nats-server -js` on a free loopback port, its store under the data dir.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { createServer, connect as tcpConnect } from "node:net";
import path from "node:path";

export interface EmbeddedNats {
  url: string;
  process: ChildProcess;
}

export async function freePort(host = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address
          ? resolve(address.port)
          : reject(new Error("no port")),
      );
    });
  });
}

export async function startEmbeddedNats(dataDir: string, logFile: string): Promise<EmbeddedNats> {
  const storeDir = path.resolve(dataDir, "nats");
  mkdirSync(storeDir, { recursive: true });
  const port = await freePort();
  const child = spawn(
    "nats-server",
    ["-js", "-a", "127.0.0.1", "-p", String(port), "-sd", storeDir, "-l", logFile],
    {
      stdio: "ignore",
    },
  );
  const failed = new Promise<never>((_, reject) => {
    child.once("error", (err) =>
      reject(
        new Error(
          `cannot start nats-server (is it installed? apt-get install nats-server): ${err.message}`,
        ),
      ),
    );
    child.once("exit", (code) =>
      reject(new Error(`nats-server exited with code ${code}; see ${logFile}`)),
    );
  });
  await Promise.race([waitForPort(port), failed]);
  return { url: `nats://127.0.0.1:${port}`, process: child };
}

async function waitForPort(port: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = tcpConnect(port, "127.0.0.1");
      socket.once("connect", () => {
        socket.end();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`nats-server did not open port ${port} within ${timeoutMs} ms`);
}
