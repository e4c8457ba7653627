// What every route of the gateway shares, built once by createGateway.
import type { Bus } from "@studio/bus";
import type { Logger } from "@studio/runtime";
import type { TokenResolver } from "./auth/tokens";
import type { PendingCommands } from "./commands/pending";
import type { CommandPublisher } from "./commands/publish";
import type { GatewayConfig } from "./config";
import type { Idempotency } from "./idempotency/requests";
import type { GatewayMetrics } from "./metrics/metrics";
import type { Stores } from "./stores";
import type { ViewRegistry } from "./views/registry";

export interface Services {
  config: GatewayConfig;
  log: Logger;
  bus: Bus;
  stores: Stores;
  views: ViewRegistry;
  idempotency: Idempotency;
  commands: CommandPublisher;
  pending: PendingCommands;
  metrics: GatewayMetrics;
  tokens: TokenResolver;
}
