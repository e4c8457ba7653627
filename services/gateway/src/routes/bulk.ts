// Bulk run (rule 15) and bulk stop (rule 14): selected from the view, one command per cell.
import { BulkRunBodySchema, BulkStopBodySchema, type Command, Keys } from "@studio/contracts";
import { selectBulkRun, selectBulkStop } from "@studio/engine";
import { Hono } from "hono";
import type { AuthEnv } from "../auth/tokens";
import type { PendingEvent } from "../commands/pending";
import type { OutgoingCommand } from "../commands/publish";
import { NotFoundError } from "../errors/problems";
import { readJson } from "../http/body";
import { commandContext, msgIdOf, pathId, respond } from "../http/respond";
import type { Services } from "../services";

const REFUSED_SHOWN = 1_000;

export function bulkRoutes(s: Services): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();

  /**
   * Registers each command as pending for its row, in the same synchronous step as the
   * selection, so single clicks that follow are judged with it; then publishes them in order.
   * The selection itself is judged on the view's rows (as stored): a cell with a click of this
   * process still pending may be selected, and the orchestrator then applies rules 2–3 to it.
   */
  async function publishTracked(commands: OutgoingCommand[], requestId: string): Promise<void> {
    const tracked = commands.map(({ command: cmd }) => {
      if (cmd.type !== "cell.cancel" && cmd.type !== "cell.run" && cmd.type !== "cell.rerun")
        return undefined;
      const key = Keys.row(cmd.workspaceId, cmd.campaignId, cmd.prospectId);
      const common = { stepId: cmd.stepId, commandId: cmd.commandId, by: cmd.by };
      const event: PendingEvent =
        cmd.type === "cell.cancel"
          ? { type: "cell.cancel", ...common }
          : { type: cmd.type, trigger: cmd.trigger, ...common };
      return { key, p: s.pending.add(key, event, cmd.at) };
    });
    try {
      const acks = await s.commands.publishAll(commands, requestId, { trusted: true });
      acks.forEach((ack, i) => {
        const t = tracked[i];
        if (t !== undefined) s.pending.stored(t.p, ack.seq);
      });
    } catch (err) {
      for (const t of tracked) if (t !== undefined) s.pending.drop(t.key, t.p);
      throw err;
    }
  }

  app.post("/campaigns/:c/runs", async (c) => {
    const principal = c.get("principal");
    const campaignId = pathId(c, "c", "campaign");
    const body = await readJson(c, BulkRunBodySchema);
    const view = await s.views.get(principal.workspaceId, campaignId);
    if (!view.campaign.steps.some((st) => st.id === body.stepId)) throw new NotFoundError("step");
    const ctx = commandContext(c, principal, body.requestId);
    const answer = await s.idempotency.run(ctx, async () => {
      // Each selected cell follows rules 2–3 on its own: Run Again where it has run, Click to Run elsewhere.
      const { targets, refused } = selectBulkRun(view.campaign, view.allRows(), {
        stepId: body.stepId,
        ...(body.prospectIds === undefined ? {} : { prospectIds: body.prospectIds }),
        ...(body.states === undefined ? {} : { states: body.states }),
        ...(body.limit === undefined ? {} : { limit: body.limit }),
      });
      const at = new Date().toISOString();
      const commands: OutgoingCommand[] = targets.map(({ prospectId, type }) => {
        const commandId = msgIdOf(ctx, prospectId);
        const command: Command = {
          type,
          trigger: "bulk",
          commandId,
          workspaceId: principal.workspaceId,
          campaignId,
          campaignVersion: view.campaign.version,
          by: principal.userId,
          at,
          prospectId,
          stepId: body.stepId,
        };
        return { command, msgId: commandId };
      });
      await publishTracked(commands, ctx.requestId);
      return {
        status: 202,
        body: { accepted: commands.length, refused: refused.slice(0, REFUSED_SHOWN) },
      };
    });
    return respond(c, answer);
  });

  app.post("/campaigns/:c/stop", async (c) => {
    const principal = c.get("principal");
    const campaignId = pathId(c, "c", "campaign");
    const body = await readJson(c, BulkStopBodySchema, { optional: true });
    const view = await s.views.get(principal.workspaceId, campaignId);
    if (body.stepId !== undefined && !view.campaign.steps.some((st) => st.id === body.stepId)) {
      throw new NotFoundError("step");
    }
    const ctx = commandContext(c, principal, body.requestId);
    const answer = await s.idempotency.run(ctx, async () => {
      const at = new Date().toISOString();
      const commands: OutgoingCommand[] = selectBulkStop(
        view.campaign,
        view.allRows(),
        body.stepId,
      ).map(({ prospectId, stepId }) => {
        const commandId = msgIdOf(ctx, prospectId, stepId);
        const command: Command = {
          type: "cell.cancel",
          commandId,
          workspaceId: principal.workspaceId,
          campaignId,
          campaignVersion: view.campaign.version,
          by: principal.userId,
          at,
          prospectId,
          stepId,
        };
        return { command, msgId: commandId };
      });
      await publishTracked(commands, ctx.requestId);
      return { status: 202, body: { canceled: commands.length } };
    });
    return respond(c, answer);
  });

  return app;
}
