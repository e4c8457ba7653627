// Prospects of a campaign: upsert (JSON or CSV), list with lookups and cursors, edit, summary.
import {
  type Command,
  ProspectListQuerySchema,
  ProspectPatchSchema,
  ProspectUpsertBodySchema,
  RequestIdSchema,
} from "@studio/contracts";
import { Hono } from "hono";
import type { AuthEnv } from "../auth/tokens";
import { ConflictError, NotFoundError } from "../errors/problems";
import { mediaType, readJson } from "../http/body";
import { commandContext, msgIdOf, pathId, respond } from "../http/respond";
import { parseQuery } from "../http/validate";
import { parseProspectCsv } from "../prospects/csv";
import { patchedProspect } from "../prospects/patch";
import { type NumberedInput, planUpsert, upsertCommands } from "../prospects/upsert";
import type { Services } from "../services";
import { listRows } from "../views/list";
import { summarize } from "../views/summary";

const ProspectEditBodySchema = ProspectPatchSchema.extend({
  requestId: RequestIdSchema.optional(),
});

export function prospectRoutes(s: Services): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();

  app.post("/campaigns/:c/prospects", async (c) => {
    const principal = c.get("principal");
    const campaignId = pathId(c, "c", "campaign");
    const view = await s.views.get(principal.workspaceId, campaignId);
    let inputs: NumberedInput[];
    let bodyRequestId: string | undefined;
    if (mediaType(c) === "text/csv") {
      // CSV rows are numbered as the file's lines; JSON items by their index in `prospects`.
      inputs = parseProspectCsv(await c.req.text()).map((r) => ({ row: r.line, input: r.input }));
    } else {
      const body = await readJson(c, ProspectUpsertBodySchema);
      inputs = body.prospects.map((input, row) => ({ row, input }));
      bodyRequestId = body.requestId;
    }
    const ctx = commandContext(c, principal, bodyRequestId);
    const answer = await s.idempotency.run(ctx, async () => {
      const { prospects, answer } = planUpsert(view, inputs);
      await s.commands.publishAll(upsertCommands(view, ctx, principal, prospects), ctx.requestId);
      return { status: 200, body: answer };
    });
    return respond(c, answer);
  });

  app.get("/campaigns/:c/prospects", async (c) => {
    const { workspaceId } = c.get("principal");
    const query = parseQuery(c.req.url, ProspectListQuerySchema);
    const view = await s.views.get(workspaceId, pathId(c, "c", "campaign"));
    const page = listRows(view, query);
    const body = `{"items":[${page.items.map((i) => i.json).join(",")}]${
      page.nextCursor === undefined ? "" : `,"nextCursor":${JSON.stringify(page.nextCursor)}`
    }}`;
    return c.body(body, 200, { "content-type": "application/json" });
  });

  app.patch("/campaigns/:c/prospects/:p", async (c) => {
    const principal = c.get("principal");
    const campaignId = pathId(c, "c", "campaign");
    const prospectId = pathId(c, "p", "prospect");
    const { requestId, ...patch } = await readJson(c, ProspectEditBodySchema);
    const view = await s.views.get(principal.workspaceId, campaignId);
    const item = view.rows.get(prospectId);
    if (item === undefined) throw new NotFoundError("prospect");
    const ctx = commandContext(c, principal, requestId);
    const answer = await s.idempotency.run(ctx, async () => {
      const prospect = patchedProspect(item.prospect, patch);
      if (prospect.email === undefined && prospect.linkedinUrl === undefined) {
        throw new ConflictError(
          "conflict",
          "a prospect needs an email or a linkedinUrl: keep one of them",
        );
      }
      const other = prospect.email === undefined ? undefined : view.byEmailAddress(prospect.email);
      if (other !== undefined && other.prospect.id !== prospectId) {
        throw new ConflictError(
          "conflict",
          `another prospect of this campaign has the email ${prospect.email}`,
        );
      }
      const commandId = msgIdOf(ctx);
      const command: Command = {
        type: "prospect.edit",
        commandId,
        workspaceId: principal.workspaceId,
        campaignId,
        campaignVersion: view.campaign.version,
        by: principal.userId,
        at: new Date().toISOString(),
        prospectId,
        patch,
      };
      await s.commands.publish({ command, msgId: commandId }, ctx.requestId);
      return { status: 200, body: { prospect } };
    });
    return respond(c, answer);
  });

  app.get("/campaigns/:c/summary", async (c) => {
    const { workspaceId } = c.get("principal");
    const view = await s.views.get(workspaceId, pathId(c, "c", "campaign"));
    return c.json(summarize(view));
  });

  return app;
}
