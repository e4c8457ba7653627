// Small helpers shared by the route modules: path ids, answers, request ids.
import { IdSchema } from "@studio/contracts";
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { sha256Base64Url } from "../auth/hash";
import type { Principal } from "../auth/tokens";
import { NotFoundError } from "../errors/problems";
import { type Answer, type RequestContext, requestContext } from "../idempotency/requests";
import { header } from "./headers";

/** A path id that cannot be valid cannot exist either: 404, like another workspace's id. */
export function pathId(c: Context, name: string, what: string): string {
  const value = c.req.param(name);
  if (value === undefined || !IdSchema.safeParse(value).success) throw new NotFoundError(what);
  return value;
}

export function respond(c: Context, answer: Answer & { replayed?: boolean }): Response {
  const headers: Record<string, string> = {
    "content-type": answer.status >= 400 ? "application/problem+json" : "application/json",
  };
  if (answer.replayed === true) headers["idempotent-replayed"] = "true";
  return c.body(JSON.stringify(answer.body), answer.status as ContentfulStatusCode, headers);
}

export function commandContext(
  c: Context,
  principal: Principal,
  bodyRequestId: string | undefined,
): RequestContext {
  const key = header(c, "idempotency-key");
  return requestContext(
    principal.workspaceId,
    c.req.method,
    c.req.path,
    bodyRequestId,
    key === undefined || key === "" ? undefined : key.slice(0, 200),
  );
}

/** Message id of a command: the request id makes JetStream drop a retried duplicate. */
export function msgIdOf(ctx: RequestContext, ...parts: string[]): string {
  // Long or odd client ids are hashed so the id stays within the command's 300-char commandId.
  const req = /^[\w.~-]{1,100}$/.test(ctx.requestId)
    ? ctx.requestId
    : sha256Base64Url(ctx.requestId);
  return [ctx.workspaceId, req, ...parts].join(":");
}

export function byOf(principal: Principal): string {
  return principal.userId;
}
