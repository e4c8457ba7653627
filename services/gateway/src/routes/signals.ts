// A campaign's insight signals (news, funding, hiring, job changes, tech stack by domain):
// imported as JSON or CSV, stored in `studio_signals`, read by the insight service.
import { Keys, MAX_SIGNALS, SignalImportBodySchema, type SignalSet } from "@studio/contracts";
import { parseSignals } from "@studio/providers";
import { Hono } from "hono";
import type { AuthEnv } from "../auth/tokens";
import { NotFoundError, UnprocessableError } from "../errors/problems";
import { mediaType, readJson } from "../http/body";
import { commandContext, pathId, respond } from "../http/respond";
import type { Services } from "../services";

export function signalRoutes(s: Services): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();

  async function requireCampaign(workspaceId: string, campaignId: string): Promise<void> {
    const stored = await s.stores.campaigns.get(Keys.campaign(workspaceId, campaignId));
    if (stored === undefined || stored.value.workspaceId !== workspaceId) {
      throw new NotFoundError("campaign");
    }
  }

  app.post("/campaigns/:c/signals", async (c) => {
    const principal = c.get("principal");
    const campaignId = pathId(c, "c", "campaign");
    await requireCampaign(principal.workspaceId, campaignId);
    let text: string;
    let requestId: string | undefined;
    if (mediaType(c) === "text/csv") {
      text = await c.req.text();
    } else {
      const body = await readJson(c, SignalImportBodySchema);
      // The same parser for both forms, so rows are refused with the same messages.
      text = JSON.stringify(body.signals);
      requestId = body.requestId;
    }
    const { signals, errors } = parseSignals(text);
    if (signals.length > MAX_SIGNALS) {
      throw new UnprocessableError(
        "validation_failed",
        `a campaign holds at most ${MAX_SIGNALS} signals; this import has ${signals.length}`,
      );
    }
    if (signals.length === 0 && errors.length > 0) {
      throw new UnprocessableError(
        "validation_failed",
        `no signal could be imported: ${errors.length} row(s) refused`,
        errors.slice(0, 100).map((e) => ({ path: `row ${e.row}`, message: e.message })),
      );
    }
    const ctx = commandContext(c, principal, requestId);
    const answer = await s.idempotency.run(ctx, async () => {
      const set: SignalSet = { signals, updatedAt: new Date().toISOString() };
      await s.stores.signals.put(Keys.signals(principal.workspaceId, campaignId), set);
      return { status: 200, body: { imported: signals.length, refused: errors } };
    });
    return respond(c, answer);
  });

  app.get("/campaigns/:c/signals", async (c) => {
    const { workspaceId } = c.get("principal");
    const campaignId = pathId(c, "c", "campaign");
    await requireCampaign(workspaceId, campaignId);
    const stored = await s.stores.signals.get(Keys.signals(workspaceId, campaignId));
    return c.json(stored?.value ?? { signals: [] });
  });

  return app;
}
