// The backbone for integration tests: a real nats-server, provisioned streams and buckets,
// orchestrator replicas and the three step services running in this process.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Bus, connectBus, openStore, provisionBus, publishJson } from "@studio/bus";
import {
  Buckets,
  type Campaign,
  CampaignSchema,
  type Command,
  CommandSchema,
  Keys,
  type Row,
  RowSchema,
  type StepInput,
  type StepKind,
  StepKinds,
  StepSchema,
  Subjects,
} from "@studio/contracts";
import { createProviders, type ProvidersOptions } from "@studio/providers";
import { createLogger } from "@studio/runtime";
import { startStepService } from "@studio/step-runner";
import { createContentExecutor } from "../../services/content/src/executor";
import { createExportExecutor } from "../../services/export/src/executor";
import { createInsightExecutor } from "../../services/insight/src/executor";
import { type Orchestrator, startOrchestrator } from "../../services/orchestrator/src/orchestrator";
import { type NatsServer, startNatsServer } from "./nats-server";

export interface CoreStack {
  nats: NatsServer;
  bus: Bus;
  dataDir: string;
  orchestrators: Orchestrator[];
  rows: Awaited<ReturnType<typeof openStore<Row>>>;
  createCampaign(id: string, steps: StepInput[]): Promise<Campaign>;
  send(command: Command): Promise<void>;
  row(campaignId: string, prospectId: string): Promise<Row | undefined>;
  /** Polls until `check` holds for the rows of a campaign, or fails with the last states seen. */
  waitForRows(
    campaignId: string,
    prospectIds: string[],
    check: (rows: Row[]) => boolean,
    timeoutMs?: number,
  ): Promise<Row[]>;
  stop(): Promise<void>;
}

export const WORKSPACE = "ws-test";

export interface CoreStackOptions {
  orchestrators?: number;
  /** Step services to run (default all three). */
  kinds?: StepKind[];
  /** LLM settings and secrets for the providers (default: local providers, no secrets). */
  providers?: Pick<ProvidersOptions, "llm" | "secrets">;
}

export async function startCoreStack(options: CoreStackOptions = {}): Promise<CoreStack> {
  const nats = await startNatsServer();
  const dataDir = await mkdtemp(join(tmpdir(), "studio-data-"));
  const log = createLogger("test", process.env.LOG_LEVEL ?? "warn");
  const bus = await connectBus({ servers: nats.url, name: "test", log });
  await provisionBus(bus);
  const orchestrators: Orchestrator[] = [];
  for (let i = 0; i < (options.orchestrators ?? 1); i++) {
    orchestrators.push(await startOrchestrator({ bus, log }));
  }
  const providers = createProviders({ dataDir, secrets: () => undefined, ...options.providers });
  const kinds = new Set(options.kinds ?? StepKinds);
  const executors = {
    insight: () => createInsightExecutor(providers),
    content: () => createContentExecutor(providers),
    export: () => createExportExecutor(bus, providers),
  };
  const services = await Promise.all(
    [...kinds].map(async (kind) =>
      startStepService({ bus, kind, execute: await executors[kind](), log }),
    ),
  );
  const campaigns = await openStore(bus, Buckets.campaigns, CampaignSchema);
  const rows = await openStore(bus, Buckets.rows, RowSchema);

  return {
    nats,
    bus,
    dataDir,
    orchestrators,
    rows,
    async createCampaign(id, steps) {
      const now = new Date().toISOString();
      const campaign = CampaignSchema.parse({
        id,
        workspaceId: WORKSPACE,
        name: id,
        steps: steps.map((s) => StepSchema.parse(s)),
        createdAt: now,
        updatedAt: now,
        version: 1,
      });
      await campaigns.put(Keys.campaign(WORKSPACE, id), campaign);
      return campaign;
    },
    async send(command) {
      await publishJson(
        bus,
        Subjects.command(command.workspaceId, command.campaignId),
        CommandSchema,
        command,
        {
          msgId: command.commandId,
        },
      );
    },
    async row(campaignId, prospectId) {
      return (await rows.get(Keys.row(WORKSPACE, campaignId, prospectId)))?.value;
    },
    async waitForRows(campaignId, prospectIds, check, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      let last: Row[] = [];
      while (Date.now() < deadline) {
        const found = await Promise.all(
          prospectIds.map((p) => rows.get(Keys.row(WORKSPACE, campaignId, p))),
        );
        last = found.flatMap((f) => (f === undefined ? [] : [f.value]));
        if (last.length === prospectIds.length && check(last)) return last;
        await new Promise((r) => setTimeout(r, 100));
      }
      const errors = last
        .flatMap((r) => Object.values(r.cells).flatMap((c) => (c.error ? [c.error.message] : [])))
        .slice(0, 2);
      const states = last
        .slice(0, 3)
        .map((r) => Object.fromEntries(Object.entries(r.cells).map(([k, c]) => [k, c.state])));
      throw new Error(
        `rows did not reach the expected state in ${timeoutMs} ms (${last.length}/${prospectIds.length} rows; e.g. ${JSON.stringify(states)}; errors: ${JSON.stringify(errors)})`,
      );
    },
    async stop() {
      await Promise.all(services.map((s) => s.stop()));
      await Promise.all(orchestrators.map((o) => o.stop()));
      await bus.close();
      await nats.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
