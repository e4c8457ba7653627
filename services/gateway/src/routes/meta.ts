// Operational routes: liveness, readiness, metrics, the API contract and its rendering.
import { withRetry } from "@studio/bus";
import { Streams } from "@studio/contracts";
import { Hono } from "hono";
import { UnavailableError } from "../errors/problems";
import { renderDocs } from "../openapi/docs-page";
import { openApiDocument } from "../openapi/document";
import type { Services } from "../services";

export function metaRoutes(s: Services): Hono {
  const app = new Hono();
  // Built once: the schemas do not change while the process runs.
  const doc = openApiDocument();
  const docJson = JSON.stringify(doc);
  const docsHtml = renderDocs(doc);

  app.get("/healthz", (c) => c.json({ status: "ok" }));

  app.get("/readyz", async (c) => {
    if (s.bus.nc.isClosed() || s.bus.nc.isDraining())
      throw new UnavailableError("not connected to the bus");
    try {
      await Promise.all(
        Object.values(Streams).map((name) =>
          withRetry(`stream ${name}`, () => s.bus.jsm.streams.info(name), {
            ...s.bus.retry,
            deadlineMs: 2_000,
          }),
        ),
      );
    } catch (err) {
      throw new UnavailableError(`the bus is not ready: ${(err as Error).message}`, { cause: err });
    }
    return c.json({ status: "ready" });
  });

  app.get("/metrics", async (c) => {
    s.metrics.views.set(s.views.size);
    const text = await s.metrics.registry.metrics();
    return c.body(text, 200, { "content-type": s.metrics.registry.contentType });
  });

  app.get("/openapi.json", (c) => c.body(docJson, 200, { "content-type": "application/json" }));
  app.get("/docs", (c) => c.html(docsHtml));

  return app;
}
