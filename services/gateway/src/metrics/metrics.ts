// Prometheus metrics of one gateway process: requests, command latency, queue depth, run outcomes.
import { type Bus, consumerSpecs } from "@studio/bus";
import { ResultMessageSchema, resultsIn, Subjects } from "@studio/contracts";
import type { Logger } from "@studio/runtime";
import type { MiddlewareHandler } from "hono";
import { routePath } from "hono/route";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

export interface GatewayMetrics {
  registry: Registry;
  requests: Counter<"method" | "route" | "status">;
  commandLatency: Histogram<"type">;
  sseClients: Gauge;
  views: Gauge;
  /** Starts following queue depth and run outcomes on the bus; returns a stop function. */
  follow(bus: Bus, log: Logger): () => void;
}

export function createMetrics(): GatewayMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "studio_gateway_" });
  const requests = new Counter({
    name: "studio_http_requests_total",
    help: "HTTP requests by route and status",
    labelNames: ["method", "route", "status"] as const,
    registers: [registry],
  });
  const commandLatency = new Histogram({
    name: "studio_command_publish_seconds",
    help: "Time from publishing a command to its JetStream ack",
    labelNames: ["type"] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [registry],
  });
  const sseClients = new Gauge({
    name: "studio_sse_clients",
    help: "Open event-stream connections",
    registers: [registry],
  });
  const views = new Gauge({
    name: "studio_campaign_views",
    help: "Campaign views open in this process",
    registers: [registry],
  });
  let collectDepth: () => Promise<void> = async () => undefined;
  const queueDepth: Gauge<"stream" | "consumer"> = new Gauge({
    name: "studio_queue_depth",
    help: "Messages not yet delivered to a durable consumer (num_pending)",
    labelNames: ["stream", "consumer"] as const,
    registers: [registry],
    collect: () => collectDepth(),
  });
  const runs = new Counter({
    name: "studio_runs_total",
    help: "Run results seen on the results stream, by outcome",
    labelNames: ["kind", "outcome"] as const,
    registers: [registry],
  });

  function follow(bus: Bus, log: Logger): () => void {
    // Queue depth is read at scrape time, so an idle gateway asks the bus nothing.
    collectDepth = async () => {
      await Promise.all(
        consumerSpecs.map(async (spec) => {
          try {
            const info = await bus.jsm.consumers.info(spec.stream, spec.durable);
            queueDepth.set({ stream: spec.stream, consumer: spec.durable }, info.num_pending);
          } catch {
            // A consumer not provisioned yet, or the bus away: keep the last value.
          }
        }),
      );
    };
    // Outcomes come from a core subscription on the results subjects: no durable state needed.
    const sub = bus.nc.subscribe(Subjects.resultsAll, {
      callback: (err, msg) => {
        if (err) return;
        try {
          const r = ResultMessageSchema.safeParse(msg.json());
          if (!r.success) return;
          for (const result of resultsIn(r.data)) {
            const outcome = result.type === "failed" && result.willRetry ? "retrying" : result.type;
            runs.inc({ kind: result.kind, outcome });
          }
        } catch (e) {
          log.debug({ err: e }, "unreadable result message");
        }
      },
    });
    return () => {
      collectDepth = async () => undefined;
      sub.unsubscribe();
    };
  }

  return { registry, requests, commandLatency, sseClients, views, follow };
}

/** Counts every request by its route pattern (not its raw path: ids would explode the labels). */
export function requestMetrics(metrics: GatewayMetrics): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const matched = routePath(c, -1);
    const route = matched === "" || matched === "/*" || matched === "*" ? "unmatched" : matched;
    metrics.requests.inc({ method: c.req.method, route, status: String(c.res.status) });
  };
}
