// Campaign definitions: create, list, read, and step changes (rules 8, 16) fanned out per row.

import { randomUUID } from "node:crypto";
import {
  type Campaign,
  CampaignCreateBodySchema,
  Keys,
  type Step,
  StepPatchBodySchema,
} from "@studio/contracts";
import { Hono } from "hono";
import type { AuthEnv } from "../auth/tokens";
import { stepErrors } from "../commands/rules";
import { stepChangeCommands } from "../commands/step-change";
import { ConflictError, NotFoundError, ValidationError } from "../errors/problems";
import { readJson } from "../http/body";
import { commandContext, pathId, respond } from "../http/respond";
import type { Services } from "../services";
import { applyStepPatch } from "./step-patch";

export function campaignRoutes(s: Services): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();

  app.post("/campaigns", async (c) => {
    const principal = c.get("principal");
    const body = await readJson(c, CampaignCreateBodySchema);
    const errors = stepErrors(body.steps);
    if (errors.length > 0)
      throw new ValidationError(errors, "the steps do not form a valid campaign");
    const ctx = commandContext(c, principal, body.requestId);
    const answer = await s.idempotency.run(ctx, async () => {
      const now = new Date().toISOString();
      const campaign: Campaign = {
        id: body.id ?? `c_${randomUUID().replaceAll("-", "").slice(0, 20)}`,
        workspaceId: principal.workspaceId,
        name: body.name,
        steps: body.steps,
        createdAt: now,
        updatedAt: now,
        version: 1,
      };
      try {
        await s.stores.campaigns.create(
          Keys.campaign(principal.workspaceId, campaign.id),
          campaign,
        );
      } catch (err) {
        if ((err as { code?: unknown }).code === "bus_revision_mismatch") {
          throw new ConflictError("conflict", `a campaign with id "${campaign.id}" already exists`);
        }
        throw err;
      }
      return { status: 201, body: campaign };
    });
    return respond(c, answer);
  });

  app.get("/campaigns", async (c) => {
    const { workspaceId } = c.get("principal");
    const keys = await s.stores.campaigns.keys(Keys.campaignsOfWorkspace(workspaceId));
    const found = await Promise.all(keys.map((k) => s.stores.campaigns.get(k)));
    const items = found
      .flatMap((e) => (e === undefined || e.value.workspaceId !== workspaceId ? [] : [e.value]))
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
    return c.json({ items });
  });

  app.get("/campaigns/:c", async (c) => {
    const { workspaceId } = c.get("principal");
    const id = pathId(c, "c", "campaign");
    const stored = await s.stores.campaigns.get(Keys.campaign(workspaceId, id));
    if (stored === undefined || stored.value.workspaceId !== workspaceId)
      throw new NotFoundError("campaign");
    return c.json(stored.value);
  });

  app.patch("/campaigns/:c/steps/:s", async (c) => {
    const principal = c.get("principal");
    const campaignId = pathId(c, "c", "campaign");
    const stepId = pathId(c, "s", "step");
    const body = await readJson(c, StepPatchBodySchema);
    const view = await s.views.get(principal.workspaceId, campaignId);
    if (!view.campaign.steps.some((st) => st.id === stepId)) throw new NotFoundError("step");
    const ctx = commandContext(c, principal, body.requestId);
    const answer = await s.idempotency.run(ctx, async () => {
      const key = Keys.campaign(principal.workspaceId, campaignId);
      // Compare-and-set on the definition: a concurrent PATCH re-reads and re-applies.
      for (let attempt = 0; ; attempt++) {
        const stored = await s.stores.campaigns.get(key);
        if (stored === undefined) throw new NotFoundError("campaign");
        const before = stored.value;
        const patched = applyStepPatch(before, stepId, body);
        const campaign: Campaign = {
          ...before,
          steps: patched.steps,
          updatedAt: new Date().toISOString(),
          version: before.version + 1,
        };
        let revision: number;
        try {
          revision = await s.stores.campaigns.update(key, campaign, stored.revision);
        } catch (err) {
          if ((err as { code?: unknown }).code === "bus_revision_mismatch" && attempt < 10)
            continue;
          throw err;
        }
        view.noteCampaign(campaign, revision);
        const step = campaign.steps.find((st) => st.id === stepId) as Step;
        const { commands, queued } = stepChangeCommands(
          view,
          ctx,
          principal,
          before,
          campaign,
          stepId,
          body,
        );
        await s.commands.publishAll(commands, ctx.requestId);
        return { status: 200, body: { step, queued } };
      }
    });
    return respond(c, answer);
  });

  return app;
}
