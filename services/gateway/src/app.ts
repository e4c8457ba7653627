// createGateway: the Hono app with every route of API.md, wired to the bus. No listening here,
// so tests serve it on a real socket and production's main.ts stays thin.
import type { Bus } from "@studio/bus";
import { Consumers, Streams } from "@studio/contracts";
import type { Logger } from "@studio/runtime";
import { Hono } from "hono";
import { cors } from "hono/cors";
import { RateLimiter } from "./auth/rate-limit";
import { type AuthEnv, requireAuth, TokenResolver } from "./auth/tokens";
import { PendingCommands } from "./commands/pending";
import { CommandPublisher } from "./commands/publish";
import type { GatewayConfig } from "./config";
import { crmPageRoutes } from "./demo/crm-page";
import { createErrorHandler, problemResponse } from "./errors/handler";
import { NotFoundError } from "./errors/problems";
import { requestDeadline } from "./http/deadline";
import { header } from "./http/headers";
import { bodyLimits } from "./http/limits";
import { Idempotency } from "./idempotency/requests";
import { createMetrics, requestMetrics } from "./metrics/metrics";
import { bulkRoutes } from "./routes/bulk";
import { campaignRoutes } from "./routes/campaigns";
import { cellRoutes } from "./routes/cells";
import { eventRoutes } from "./routes/events";
import { meRoutes } from "./routes/me";
import { metaRoutes } from "./routes/meta";
import { prospectRoutes } from "./routes/prospects";
import { signalRoutes } from "./routes/signals";
import type { Services } from "./services";
import { openStores } from "./stores";
import { ViewRegistry } from "./views/registry";

export interface GatewayDeps {
  bus: Bus;
  log: Logger;
  config: GatewayConfig;
}

export interface Gateway {
  app: Hono;
  services: Services;
  /** Releases views, watchers and timers (the bus connection belongs to the caller). */
  close(): Promise<void>;
}

const ALLOWED_ORIGIN =
  /^(chrome-extension|moz-extension):\/\/[a-z0-9-]+$|^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/i;

export async function createGateway(deps: GatewayDeps): Promise<Gateway> {
  const { bus, log, config } = deps;
  const stores = await openStores(bus);
  const metrics = createMetrics();
  const stopFollowing = metrics.follow(bus, log);
  const pending = new PendingCommands({
    log,
    settleMs: config.settleMs,
    async ackFloor() {
      const info = await bus.jsm.consumers.info(Streams.commands, Consumers.orchestratorCommands);
      return info.ack_floor.stream_seq;
    },
    readRow: (rowKey) => stores.rows.get(rowKey),
  });
  const views = new ViewRegistry(stores, log, {
    idleMs: config.viewIdleMs,
    onRow: (rowKey, row) => pending.noteRow(rowKey, row),
  });
  const services: Services = {
    config,
    log,
    bus,
    stores,
    views,
    metrics,
    idempotency: new Idempotency(stores, log),
    commands: new CommandPublisher(bus, metrics),
    pending,
    tokens: new TokenResolver(stores),
  };

  // A token changed or deleted in studio_tokens (revoked) leaves every process's cache at once,
  // instead of after the cache's 10 s.
  const tokenWatch = await stores.tokens.watch({ updatesOnly: true });
  void (async () => {
    try {
      for await (const ch of tokenWatch) services.tokens.forget(ch.key);
    } catch (err) {
      log.warn({ err }, "token watch ended; revocations now take up to the cache's 10 s");
    }
  })();

  const app = new Hono();
  app.use(requestMetrics(metrics));
  const corsHeaders = cors({
    origin: (origin) => (ALLOWED_ORIGIN.test(origin) ? origin : null),
    allowMethods: ["GET", "POST", "PATCH", "OPTIONS"],
    allowHeaders: ["Authorization", "Content-Type", "Idempotency-Key", "Last-Event-ID"],
    exposeHeaders: ["Retry-After", "Idempotent-Replayed"],
    maxAge: 600,
  });
  // Requests without an Origin (the extension's background, the CLI, services) skip CORS work.
  app.use((c, next) => (header(c, "origin") === undefined ? next() : corsHeaders(c, next)));
  app.use(bodyLimits(config.bodyLimits));
  // Event streams stay open by design; everything else answers within the deadline.
  app.use(requestDeadline(config.requestTimeoutMs, (path) => path.endsWith("/events")));
  app.route("/", metaRoutes(services));
  app.route("/", crmPageRoutes(services));

  const v1 = new Hono<AuthEnv>();
  v1.use(requireAuth(services.tokens, new RateLimiter(), config.rateLimitPerSecond));
  v1.route("/", meRoutes());
  v1.route("/", campaignRoutes(services));
  v1.route("/", prospectRoutes(services));
  v1.route("/", cellRoutes(services));
  v1.route("/", bulkRoutes(services));
  v1.route("/", eventRoutes(services));
  v1.route("/", signalRoutes(services));
  app.route("/v1", v1);

  app.notFound(() => problemResponse(new NotFoundError("route")));
  app.onError(createErrorHandler(log));

  return {
    app,
    services,
    async close() {
      stopFollowing();
      tokenWatch.stop();
      pending.close();
      await views.close();
    },
  };
}
