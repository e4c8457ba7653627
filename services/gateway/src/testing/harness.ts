// A gateway on a real socket against a real nats-server, for integration tests and benchmarks.

import { randomBytes } from "node:crypto";
import { type Bus, connectBus, openStore, provisionBus } from "@studio/bus";
import {
  Buckets,
  Keys,
  type Row,
  RowSchema,
  type TokenRecord,
  TokenRecordSchema,
} from "@studio/contracts";
import { createLogger } from "@studio/runtime";
import { createGateway, type Gateway } from "../app";
import { sha256Hex } from "../auth/hash";
import { defaultConfig, type GatewayConfig } from "../config";
import { listen, type RunningServer } from "../server";

export interface TestGateway {
  url: string;
  bus: Bus;
  gateway: Gateway;
  server: RunningServer;
  /** Issues a token for a workspace (stored hashed, as the CLI does). */
  token(workspaceId: string, options?: { userId?: string; rateLimit?: number }): Promise<string>;
  /** Writes a row straight into studio_rows, as the orchestrator would. */
  putRow(row: Row): Promise<number>;
  close(): Promise<void>;
}

export async function startTestGateway(
  natsUrl: string,
  overrides: Partial<GatewayConfig> = {},
): Promise<TestGateway> {
  const log = createLogger("gateway-test", process.env.LOG_LEVEL ?? "silent");
  const bus = await connectBus({ servers: natsUrl, name: "gateway-test" });
  await provisionBus(bus);
  const config = defaultConfig({ natsUrl, port: 0, host: "127.0.0.1", ...overrides });
  const gateway = await createGateway({ bus, log, config });
  const server = await listen(gateway, { host: config.host, port: 0 });
  const tokens = await openStore(bus, Buckets.tokens, TokenRecordSchema);
  const rows = await openStore(bus, Buckets.rows, RowSchema);
  return {
    url: server.url,
    bus,
    gateway,
    server,
    async token(workspaceId, options = {}) {
      const token = `st_${randomBytes(24).toString("base64url")}`;
      const record: TokenRecord = {
        workspace: { id: workspaceId, name: `Workspace ${workspaceId}` },
        user: { id: options.userId ?? "u1", name: "Test User" },
        createdAt: new Date().toISOString(),
        ...(options.rateLimit === undefined ? {} : { rateLimit: options.rateLimit }),
      };
      await tokens.put(Keys.token(sha256Hex(token)), record);
      return token;
    },
    putRow: (row) => rows.put(Keys.row(row.workspaceId, row.campaignId, row.prospect.id), row),
    async close() {
      await server.close();
      await gateway.close();
      await bus.close();
    },
  };
}
