// A 3-node NATS cluster on loopback (ARCHITECTURE §6): routes between the nodes, a server name
// and a JetStream store per node; each node can be stopped, killed and started again.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "../../support/free-port";
import { adopt } from "../../support/reaper";

const HOST = "127.0.0.1";

export interface ClusterNode {
  name: string;
  url: string;
  monitorPort: number;
  readonly running: boolean;
  kill(signal?: NodeJS.Signals): Promise<void>;
  start(): Promise<void>;
}

export interface NatsCluster {
  nodes: ClusterNode[];
  /** All client URLs, comma-separated (what NATS_URL takes). */
  urls: string;
  stop(): Promise<void>;
}

export async function startNatsCluster(size = 3): Promise<NatsCluster> {
  const base = await mkdtemp(join(tmpdir(), "studio-cluster-"));
  const ports = await Promise.all(
    Array.from({ length: size }, async () => ({
      client: await freePort(),
      cluster: await freePort(),
      monitor: await freePort(),
    })),
  );
  const routes = ports.map((p) => `nats-route://${HOST}:${p.cluster}`).join(",");
  const nodes: ClusterNode[] = ports.map((p, i) => {
    const name = `n${i + 1}`;
    let child: ChildProcess | undefined;
    let stderr = "";
    async function kill(signal: NodeJS.Signals = "SIGTERM") {
      const proc = child;
      child = undefined;
      if (proc === undefined || proc.exitCode !== null || proc.signalCode !== null) return;
      const exited = new Promise<void>((r) => proc.once("exit", () => r()));
      proc.kill(signal);
      await exited;
    }
    return {
      name,
      url: `nats://${HOST}:${p.client}`,
      monitorPort: p.monitor,
      get running() {
        return child !== undefined && child.exitCode === null && child.signalCode === null;
      },
      kill,
      async start() {
        const args = [
          "-a",
          HOST,
          "-p",
          String(p.client),
          "-m",
          String(p.monitor),
          "-n",
          name,
          "--cluster_name",
          "studio",
          "--cluster",
          `nats://${HOST}:${p.cluster}`,
          "--routes",
          routes,
          "-js",
          "-sd",
          join(base, name),
        ];
        const proc = spawn("nats-server", args, { stdio: ["ignore", "ignore", "pipe"] });
        adopt(proc);
        proc.stderr?.on("data", (c: Buffer) => {
          stderr = (stderr + c.toString()).slice(-4000);
        });
        child = proc;
        await waitListening(p.monitor, 15_000).catch((err: unknown) => {
          throw new Error(`${name} did not start: ${stderr}`, { cause: err });
        });
      },
    };
  });
  await Promise.all(nodes.map((n) => n.start()));
  await waitJetStreamCluster(nodes[0]!.monitorPort, 30_000);
  return {
    nodes,
    urls: nodes.map((n) => n.url).join(","),
    async stop() {
      await Promise.all(nodes.map((n) => n.kill("SIGTERM")));
      await rm(base, { recursive: true, force: true });
    },
  };
}

async function waitListening(monitorPort: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`http://${HOST}:${monitorPort}/varz`);
      if (res.ok) return;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no monitor on ${monitorPort} after ${timeoutMs} ms`);
}

/** Waits for a JetStream meta leader (the cluster can create streams). */
export async function waitJetStreamCluster(monitorPort: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`http://${HOST}:${monitorPort}/jsz`);
      const body = (await res.json()) as { meta_cluster?: { leader?: string } };
      if (body.meta_cluster?.leader) return;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no JetStream meta leader after ${timeoutMs} ms`);
}
