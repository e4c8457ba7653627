// GET /v1/me: who the token is.
import { Hono } from "hono";
import type { AuthEnv } from "../auth/tokens";

export function meRoutes(): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();
  app.get("/me", (c) => {
    const p = c.get("principal");
    return c.json({
      user: { id: p.userId, name: p.userName },
      workspace: { id: p.workspaceId, name: p.workspaceName },
    });
  });
  return app;
}
