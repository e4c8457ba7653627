// The production-shaped cascade for P1/P4: a fresh nats-server, the orchestrator and the three
// step services as separate processes (`node --import tsx services/<name>/src/main.ts`), a
// campaign of three Auto-Pilot steps (insight → content → export to a file), and an observer
// that timestamps every run message and result on the bus (core subscriptions, no acks).
import { readdirSync, readFileSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { type Bus, connectBus, createPublisher, openStore, provisionBus } from "@studio/bus";
import {
  Buckets,
  type Campaign,
  CampaignSchema,
  type Command,
  CommandSchema,
  Consumers,
  Keys,
  type Prospect,
  StepSchema,
  Streams,
  Subjects,
} from "@studio/contracts";
import { exportFilePath } from "@studio/providers";
import { type NatsServer, startNatsServer } from "../../support/nats-server";
import { cpuSecondsOf, type Service, sleep, startService } from "./procs";

export const WS = "bench";
export const STEP_IDS = ["insights", "email", "export"] as const;

export interface CascadeStack {
  nats: NatsServer;
  bus: Bus;
  dataDir: string;
  services: Service[];
  campaign: Campaign;
  observer: Observer;
  natsPid: number | undefined;
  /** CPU seconds per process (services + nats-server + this process). */
  cpu(): Record<string, number>;
  stop(): Promise<void>;
}

export interface CascadeOptions {
  campaignId?: string;
  /** Extra node flags for the orchestrator (e.g. --cpu-prof). */
  orchestratorNodeArgs?: string[];
  env?: NodeJS.ProcessEnv;
  autoRun?: boolean;
}

/** One line per run and result, timestamped on arrival in this process. */
export interface Observer {
  /** runs queued (seen on studio.run.>) per step, by prospect */
  queued: Map<string, Map<string, number>>;
  /** succeeded results per step, by prospect */
  succeeded: Map<string, Map<string, number>>;
  failed: number;
  onSucceeded?: (stepId: string, prospectId: string, at: number) => void;
  close(): void;
}

/** The fields the observer reads from runs and results. */
interface ObservedResult {
  type?: string;
  prospectId?: string;
  stepId?: string;
}
const decoder = new TextDecoder();

export function observe(bus: Bus): Observer {
  const queued = new Map<string, Map<string, number>>();
  const succeeded = new Map<string, Map<string, number>>();
  for (const s of STEP_IDS) {
    queued.set(s, new Map());
    succeeded.set(s, new Map());
  }
  const obs: Observer = { queued, succeeded, failed: 0, close: () => undefined };
  const runs = bus.nc.subscribe(Subjects.runsAll, {
    callback: (_err, msg) => {
      const t = performance.now();
      // The orchestrator batches runs ({ runs: [...] }).
      const parsed = JSON.parse(decoder.decode(msg.data)) as ObservedResult & {
        runs?: ObservedResult[];
      };
      for (const r of parsed.runs ?? [parsed]) {
        const p = r.prospectId;
        const s = r.stepId;
        if (p !== undefined && s !== undefined && !queued.get(s)?.has(p)) queued.get(s)?.set(p, t);
      }
    },
  });
  const results = bus.nc.subscribe(Subjects.resultsAll, {
    callback: (_err, msg) => {
      const t = performance.now();
      // Workers batch results ({ results: [...] }): read each one's ids and type.
      const parsed = JSON.parse(decoder.decode(msg.data)) as Partial<ObservedResult> & {
        results?: ObservedResult[];
      };
      for (const r of parsed.results ?? [parsed]) {
        if (r.type === "started") continue;
        if (r.type === "failed") {
          obs.failed++;
          continue;
        }
        const p = r.prospectId;
        const s = r.stepId;
        if (p === undefined || s === undefined) continue;
        const m = succeeded.get(s);
        if (m !== undefined && !m.has(p)) {
          m.set(p, t);
          obs.onSucceeded?.(s, p, t);
        }
      }
    },
  });
  obs.close = () => {
    runs.unsubscribe();
    results.unsubscribe();
  };
  return obs;
}

export function benchProspect(i: number): Prospect {
  return {
    id: `p${i}`,
    email: `person${i}@example${i % 97}.com`,
    firstName: `First${i}`,
    lastName: `Last${i}`,
    title: i % 3 === 0 ? "VP of Sales" : "Account Executive",
    company: `Company ${i % 97}`,
    domain: `example${i % 97}.com`,
  };
}

function findPid(port: number): number | undefined {
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmd = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0");
      if (cmd[0]?.endsWith("nats-server") && cmd.includes(String(port))) return Number(entry);
    } catch {
      // gone
    }
  }
  return undefined;
}

export async function startCascadeStack(options: CascadeOptions = {}): Promise<CascadeStack> {
  const nats = await startNatsServer();
  const natsPid = findPid(nats.port);
  const dataDir = await mkdtemp(path.join(tmpdir(), "studio-bench-"));
  const bus = await connectBus({ servers: nats.url, name: "bench" });
  await provisionBus(bus);
  const campaignId = options.campaignId ?? "cascade";
  const now = new Date().toISOString();
  const autoRun = options.autoRun ?? true;
  const campaign = CampaignSchema.parse({
    id: campaignId,
    workspaceId: WS,
    name: campaignId,
    steps: [
      { id: "insights", name: "Insights", kind: "insight", needs: [], autoRun },
      { id: "email", name: "Email", kind: "content", needs: ["insights"], autoRun },
      {
        id: "export",
        name: "Export",
        kind: "export",
        needs: ["email"],
        autoRun,
        config: { target: { type: "file", name: "bench" } },
      },
    ].map((s) => StepSchema.parse(s)),
    createdAt: now,
    updatedAt: now,
    version: 1,
  });
  const campaigns = await openStore(bus, Buckets.campaigns, CampaignSchema);
  await campaigns.put(Keys.campaign(WS, campaignId), campaign);

  const env = { NATS_URL: nats.url, STUDIO_DATA_DIR: dataDir, ...options.env };
  const services = [
    startService("orchestrator", env, { nodeArgs: options.orchestratorNodeArgs ?? [] }),
    startService("insight", env),
    startService("content", env),
    startService("export", env),
  ];
  // Ready when every consumer has a pull request waiting from its service.
  const consumers: Array<[string, string]> = [
    [Streams.commands, Consumers.orchestratorCommands],
    [Streams.results, Consumers.orchestratorResults],
    [Streams.runs, Consumers.worker("insight")],
    [Streams.runs, Consumers.worker("content")],
    [Streams.runs, Consumers.worker("export")],
  ];
  const deadline = Date.now() + 60_000;
  for (const [stream, consumer] of consumers) {
    for (;;) {
      const info = await bus.jsm.consumers.info(stream, consumer).catch(() => undefined);
      if ((info?.num_waiting ?? 0) > 0) break;
      if (Date.now() > deadline) throw new Error(`${consumer} never started pulling`);
      for (const s of services)
        if (s.child.exitCode !== null) throw new Error(`${s.name} exited at start`);
      await sleep(50);
    }
  }
  const observer = observe(bus);
  return {
    nats,
    bus,
    dataDir,
    services,
    campaign,
    observer,
    natsPid,
    cpu() {
      const out: Record<string, number> = {};
      for (const s of services) out[s.name] = s.cpuSeconds();
      out["nats-server"] = cpuSecondsOf(natsPid);
      out.bench = cpuSecondsOf(process.pid);
      return out;
    },
    async stop() {
      observer.close();
      await Promise.all(services.map((s) => s.stop()));
      await bus.close();
      await nats.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Bulk import as the gateway sends it: prospects.upsert commands of 500, many in flight. */
export async function importProspects(
  stack: CascadeStack,
  prospects: Prospect[],
  chunk = 500,
): Promise<void> {
  const publisher = createPublisher(stack.bus, { maxInFlight: 64 });
  const at = new Date().toISOString();
  const sends: Promise<unknown>[] = [];
  for (let i = 0; i < prospects.length; i += chunk) {
    const command: Command = {
      type: "prospects.upsert",
      commandId: `import-${stack.campaign.id}-${i}`,
      workspaceId: WS,
      campaignId: stack.campaign.id,
      campaignVersion: stack.campaign.version,
      by: "bench",
      at,
      prospects: prospects.slice(i, i + chunk),
    };
    sends.push(
      publisher.publish(Subjects.command(WS, stack.campaign.id), CommandSchema, command, {
        msgId: command.commandId,
      }),
    );
  }
  await Promise.all(sends);
}

export async function exportLineCount(stack: CascadeStack): Promise<number> {
  const text = await readFile(exportFilePath(stack.dataDir, WS, "bench"), "utf8").catch(() => "");
  return text.split("\n").filter((l) => l.length > 0).length;
}

/** Waits until `check` holds, printing progress every few seconds; false on timeout. */
export async function waitUntil(
  check: () => boolean,
  progress: () => string,
  timeoutMs: number,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  let lastPrint = Date.now();
  while (!check()) {
    if (Date.now() > deadline) return false;
    if (Date.now() - lastPrint > 5000) {
      console.log(`  … ${progress()}`);
      lastPrint = Date.now();
    }
    await sleep(10);
  }
  return true;
}
