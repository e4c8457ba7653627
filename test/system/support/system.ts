// The whole product as real processes against a real nats-server (or a cluster): gateway,
// orchestrator replicas, insight/content/export workers; plus what the tests check with
// (a bus connection, tokens of two workspaces, the rows and history buckets).
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { issueToken } from "@studio/admin";
import {
  type Bus,
  connectBus,
  consumerSpecs,
  openStore,
  provisionBus,
  type Store,
} from "@studio/bus";
import { createStudioClient, type StudioClient } from "@studio/client";
import {
  Buckets,
  type HistoryEntry,
  HistoryEntrySchema,
  type Row,
  RowSchema,
  type StepInput,
} from "@studio/contracts";
import { freePort } from "../../support/free-port";
import { type ServiceName, type ServiceProcess, spawnService } from "./processes";

export const FULL = process.env.CHAOS === "full";
/** Quick in CI, big with `pnpm test:chaos`. */
export const scale = (quick: number, full: number): number => (FULL ? full : quick);

export interface SystemOptions {
  natsUrl: string;
  replicas?: number;
  ackWaitMs?: number;
  orchestrators?: number;
  /** Extra environment for every service (LLM settings, secrets). */
  env?: Record<string, string>;
  workerConcurrency?: number;
}

export interface System {
  bus: Bus;
  gatewayUrl: string;
  dataDir: string;
  logDir: string;
  tokens: { a: string; b: string };
  client(token?: string): StudioClient;
  services: Record<Exclude<ServiceName, "orchestrator">, ServiceProcess> & {
    orchestrators: ServiceProcess[];
  };
  all(): ServiceProcess[];
  rows: Store<Row>;
  history: Store<HistoryEntry>;
  waitReady(): Promise<void>;
  /** Row values of a campaign of workspace A (fetched through the bus, not the gateway). */
  campaignRows(campaignId: string, workspace?: string): Promise<Row[]>;
  /** Polls the rows until `done(rows)` or fails with a summary of the states. */
  waitRows(
    campaignId: string,
    expected: number,
    done: (rows: Row[]) => boolean,
    timeoutMs: number,
  ): Promise<Row[]>;
  historyOf(campaignId: string, workspace?: string): Promise<HistoryEntry[]>;
  /** Waits until every durable consumer has nothing pending or unacked (twice in a row). */
  waitQuiet(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export const WS_A = "ws-a";
export const WS_B = "ws-b";

export async function startSystem(options: SystemOptions): Promise<System> {
  const dataDir = await mkdtemp(join(tmpdir(), "studio-system-"));
  const logDir = join(dataDir, "logs");
  await import("node:fs/promises").then((fs) => fs.mkdir(logDir, { recursive: true }));
  const bus = await connectBus({ servers: options.natsUrl.split(","), name: "system-test" });
  await provisionBus(bus, {
    ...(options.replicas === undefined ? {} : { replicas: options.replicas }),
    ackWaitMs: options.ackWaitMs ?? 10_000,
  });
  const tokens = {
    a: await issueToken(bus, {
      workspace: { id: WS_A, name: "A" },
      user: { id: "alice", name: "Alice" },
    }),
    b: await issueToken(bus, {
      workspace: { id: WS_B, name: "B" },
      user: { id: "bob", name: "Bob" },
    }),
  };
  const port = await freePort();
  const env: Record<string, string> = {
    NATS_URL: options.natsUrl,
    STUDIO_DATA_DIR: dataDir,
    STUDIO_PORT: String(port),
    STUDIO_HOST: "127.0.0.1",
    STUDIO_WORKER_CONCURRENCY: String(options.workerConcurrency ?? 64),
    ...options.env,
  };
  const spawnOne = (name: ServiceName, label: string = name) =>
    spawnService(name, label, env, logDir);
  const services = {
    gateway: spawnOne("gateway"),
    insight: spawnOne("insight"),
    content: spawnOne("content"),
    export: spawnOne("export"),
    orchestrators: Array.from({ length: options.orchestrators ?? 1 }, (_, i) =>
      spawnOne("orchestrator", `orchestrator-${i + 1}`),
    ),
  };
  const gatewayUrl = `http://127.0.0.1:${port}`;
  const rows = await openStore(bus, Buckets.rows, RowSchema);
  const history = await openStore(bus, Buckets.history, HistoryEntrySchema);

  async function valuesOf<T>(store: Store<T>, prefix: string): Promise<T[]> {
    const keys = await store.keys(`${prefix}.>`);
    const out: T[] = [];
    for (let i = 0; i < keys.length; i += 128) {
      // Listed keys have a message: a "missing" answer is checked (nats-server 2.9, R1).
      const got = await Promise.all(
        keys.slice(i, i + 128).map((k) => store.get(k, { verifyMissing: true })),
      );
      for (const g of got) if (g !== undefined) out.push(g.value);
    }
    return out;
  }

  const system: System = {
    bus,
    gatewayUrl,
    dataDir,
    logDir,
    tokens,
    client: (token = tokens.a) => createStudioClient({ baseUrl: gatewayUrl, token }),
    services,
    all: () => [
      services.gateway,
      services.insight,
      services.content,
      services.export,
      ...services.orchestrators,
    ],
    rows,
    history,
    async waitReady() {
      const deadline = Date.now() + 60_000;
      for (;;) {
        try {
          const res = await fetch(`${gatewayUrl}/readyz`);
          if (res.ok) break;
        } catch {
          // not yet
        }
        if (Date.now() > deadline) throw new Error("gateway not ready in 60 s");
        await new Promise((r) => setTimeout(r, 100));
      }
      await Promise.all(
        [services.insight, services.content, services.export].map((s) =>
          s.waitForLog("step service consuming runs", 60_000),
        ),
      );
      await Promise.all(
        services.orchestrators.map((s) => s.waitForLog("orchestrator consuming", 60_000)),
      );
    },
    campaignRows: (campaignId, workspace = WS_A) => valuesOf(rows, `${workspace}.${campaignId}`),
    historyOf: (campaignId, workspace = WS_A) => valuesOf(history, `${workspace}.${campaignId}`),
    async waitRows(campaignId, expected, done, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      let last: Row[] = [];
      for (;;) {
        try {
          last = await system.campaignRows(campaignId);
          if (last.length >= expected && done(last)) return last;
        } catch {
          // the bus may be down on purpose; try again
        }
        if (Date.now() > deadline) break;
        await new Promise((r) => setTimeout(r, 500));
      }
      throw new Error(
        `rows of ${campaignId} not final in ${timeoutMs} ms: ${last.length}/${expected} rows, ${JSON.stringify(stateCounts(last))}`,
      );
    },
    async waitQuiet(timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      let quietRounds = 0;
      while (quietRounds < 2) {
        let busy = 0;
        for (const spec of consumerSpecs) {
          const ci = await bus.jsm.consumers.info(spec.stream, spec.durable);
          busy += ci.num_pending + ci.num_ack_pending;
        }
        quietRounds = busy === 0 ? quietRounds + 1 : 0;
        if (Date.now() > deadline) throw new Error(`bus not quiet after ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 300));
      }
    },
    async stop() {
      await Promise.all(system.all().map((s) => s.stop()));
      await bus.close();
      if (process.env.KEEP_SYSTEM_LOGS === undefined)
        await rm(dataDir, { recursive: true, force: true });
    },
  };
  return system;
}

export function stateCounts(rows: Row[]): Record<string, Record<string, number>> {
  const counts: Record<string, Record<string, number>> = {};
  for (const row of rows)
    for (const [step, cell] of Object.entries(row.cells)) {
      const c = counts[step] ?? {};
      counts[step] = c;
      c[cell.state] = (c[cell.state] ?? 0) + 1;
    }
  return counts;
}

/** insight → content → export (signed webhook), all Auto-Pilot, local providers. */
export function cascadeSteps(
  hookUrl: string,
  extra: { timeoutMs?: number; retry?: { maxAttempts: number; backoffMs: number[] } } = {},
): StepInput[] {
  return [
    { id: "insights", name: "Insights", kind: "insight", needs: [], autoRun: true, config: {} },
    {
      id: "email",
      name: "Email",
      kind: "content",
      needs: ["insights"],
      autoRun: true,
      config: {},
    },
    {
      id: "hook",
      name: "Webhook",
      kind: "export",
      needs: ["email"],
      autoRun: true,
      ...extra,
      config: { target: { type: "webhook", url: hookUrl, secretRef: "HOOK" } },
    },
  ];
}

/** Imports `n` prospects through the gateway in chunks; returns their ids. */
export async function importProspects(
  client: StudioClient,
  campaignId: string,
  n: number,
  prefix = "p",
): Promise<string[]> {
  const ids: string[] = [];
  for (let start = 0; start < n; start += 1000) {
    const prospects = Array.from({ length: Math.min(1000, n - start) }, (_, j) => {
      const i = start + j;
      return {
        email: `${prefix}${i}@example${i % 7}.com`,
        firstName: `First${i}`,
        lastName: `Last${i}`,
        company: `Company ${i % 50}`,
        title: i % 3 === 0 ? "VP Sales" : "Engineer",
      };
    });
    const res = await client.upsertProspects(campaignId, {
      prospects,
      requestId: `${campaignId}-${prefix}-import-${start}`,
    });
    ids.push(...res.items.map((it) => it.id));
  }
  return ids;
}

/**
 * Every run id reaches exactly one outcome: across the history bucket and the runs the cells
 * hold (a cell's latest ended run may live only on the cell), no run id has two different
 * outcomes. With `requireHistory`, each ended run a cell holds must also be in history.
 */
export function checkOutcomes(
  rows: Row[],
  history: HistoryEntry[],
  options: { requireHistory?: boolean } = {},
): string[] {
  const problems: string[] = [];
  const seen = new Map<string, string>();
  for (const h of history) {
    const before = seen.get(h.runId);
    if (before !== undefined && before !== h.outcome)
      problems.push(`run ${h.runId}: outcomes ${before} and ${h.outcome}`);
    seen.set(h.runId, h.outcome ?? "none");
  }
  for (const row of rows)
    for (const cell of Object.values(row.cells)) {
      const run = cell.run;
      if (run?.outcome === undefined) continue;
      const h = seen.get(run.runId);
      if (h === undefined) {
        if (options.requireHistory)
          problems.push(`run ${run.runId} (${cell.stepId}) missing from history`);
      } else if (h !== run.outcome)
        problems.push(`run ${run.runId}: cell says ${run.outcome}, history says ${h}`);
    }
  return problems;
}

/** The idempotency key (= webhook-id) of a row's delivered export. */
export function exportKey(row: Row, stepId = "hook"): string | undefined {
  const output = row.cells[stepId]?.output as { idempotencyKey?: string } | undefined;
  return output?.idempotencyKey;
}
