// One cell: read with history; Click to Run, Run Again, Cancel and edits (rules 2, 3, 9, 10, 11).
import {
  CellCommandBodySchema,
  CellEditBodySchema,
  type Command,
  Keys,
  type Run,
  StepOutputSchemas,
} from "@studio/contracts";
import { type Context, Hono } from "hono";
import type { AuthEnv } from "../auth/tokens";
import type { StoredRow } from "../commands/pending";
import { type CellEvent, decide } from "../commands/rules";
import { ConflictError, NotFoundError } from "../errors/problems";
import { parse, readJson } from "../http/body";
import { commandContext, msgIdOf, pathId, respond } from "../http/respond";
import type { Services } from "../services";
import { publicCell } from "../views/public";

type Action = "run" | "rerun" | "cancel";

export function cellRoutes(s: Services): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();

  async function target(c: Context<AuthEnv>) {
    const principal = c.get("principal");
    const campaignId = pathId(c, "c", "campaign");
    const prospectId = pathId(c, "p", "prospect");
    const stepId = pathId(c, "s", "step");
    const view = await s.views.get(principal.workspaceId, campaignId);
    const step = view.campaign.steps.find((st) => st.id === stepId);
    if (step === undefined) throw new NotFoundError("step");
    if (!view.rows.has(prospectId)) throw new NotFoundError("prospect");
    return { principal, campaignId, prospectId, stepId, step, view };
  }

  app.get("/campaigns/:c/prospects/:p/cells/:s", async (c) => {
    const { principal, campaignId, prospectId, stepId } = await target(c);
    // Read from the store, not the view: the current run in full is only kept there.
    const stored = await s.stores.rows.get(Keys.row(principal.workspaceId, campaignId, prospectId));
    const record = stored?.value.cells[stepId];
    if (record === undefined) throw new NotFoundError("cell");
    const keys = await s.stores.history.keys(
      Keys.historyOfCell(principal.workspaceId, campaignId, prospectId, stepId),
    );
    const entries = await Promise.all(keys.map((k) => s.stores.history.get(k)));
    const history: Run[] = entries.flatMap((e) => {
      if (e === undefined) return [];
      const { stepId: _s, prospectId: _p, ...run } = e.value;
      return [run];
    });
    // The current run is not in history until it ends: show it too, so a click is visible at once.
    if (record.run !== undefined && !history.some((r) => r.runId === record.run?.runId))
      history.push(record.run);
    history.sort((a, b) => a.queuedAt.localeCompare(b.queuedAt));
    return c.json({ ...publicCell(record), history });
  });

  const command = (action: Action) =>
    app.post(`/campaigns/:c/prospects/:p/cells/:s/${action}`, async (c) => {
      const t = await target(c);
      const body = await readJson(c, CellCommandBodySchema, { optional: true });
      const ctx = commandContext(c, t.principal, body.requestId);
      const answer = await s.idempotency.run(ctx, async () => {
        const commandId = msgIdOf(ctx);
        const event: CellEvent =
          action === "cancel"
            ? { type: "cell.cancel", stepId: t.stepId, commandId, by: t.principal.userId }
            : {
                type: action === "run" ? "cell.run" : "cell.rerun",
                stepId: t.stepId,
                trigger: action === "run" ? "click" : "rerun",
                commandId,
                by: t.principal.userId,
              };
        return accept(t, event, commandId, ctx.requestId, 202);
      });
      return respond(c, answer);
    });
  command("run");
  command("rerun");
  command("cancel");

  app.patch("/campaigns/:c/prospects/:p/cells/:s", async (c) => {
    const t = await target(c);
    const body = await readJson(c, CellEditBodySchema);
    // An edited output must still be a valid output of the step's kind (it feeds downstream).
    const output =
      body.output === undefined
        ? undefined
        : parse(StepOutputSchemas[t.step.kind], body.output, "output");
    const ctx = commandContext(c, t.principal, body.requestId);
    const answer = await s.idempotency.run(ctx, async () => {
      const commandId = msgIdOf(ctx);
      const event: CellEvent = {
        type: "cell.edit",
        stepId: t.stepId,
        commandId,
        by: t.principal.userId,
        ...(output === undefined ? {} : { output }),
        ...(body.inputs === undefined ? {} : { inputs: body.inputs }),
      };
      return accept(t, event, commandId, ctx.requestId, 200);
    });
    return respond(c, answer);
  });

  /**
   * Judge the command against the row as the orchestrator will see it (409 at once), publish,
   * answer with the cell as accepted. See commands/pending.ts for why and how.
   */
  async function accept(
    t: Awaited<ReturnType<typeof target>>,
    event: CellEvent,
    commandId: string,
    requestId: string,
    status: number,
  ) {
    const rowKey = Keys.row(t.principal.workspaceId, t.campaignId, t.prospectId);
    let fresh: StoredRow | undefined;
    const deadline = Date.now() + s.config.settleMs;
    // Another command on the row that waited too may have been decided first: check again.
    while (s.pending.unsettled(rowKey) && Date.now() < deadline)
      fresh = (await s.pending.settle(rowKey, deadline)) ?? fresh;
    // Synchronous from here until the command is enqueued: no other command on this row can be
    // decided in between, and the publish queue keeps the order of decisions.
    const base = t.view.rowForCommand(t.prospectId, fresh);
    if (base === undefined) throw new NotFoundError("prospect");
    const row = s.pending.has(rowKey) ? s.pending.fold(t.view.campaign, rowKey, base) : base;
    const at = new Date().toISOString();
    const decision = decide(t.view.campaign, row, event, at);
    if ("refusal" in decision)
      throw new ConflictError(decision.refusal.code, decision.refusal.message);
    const common = {
      commandId,
      workspaceId: t.principal.workspaceId,
      campaignId: t.campaignId,
      campaignVersion: t.view.campaign.version,
      by: t.principal.userId,
      at,
      prospectId: t.prospectId,
      stepId: t.stepId,
    };
    const cmd: Command =
      event.type === "cell.run" || event.type === "cell.rerun"
        ? { ...common, type: event.type, trigger: event.trigger }
        : event.type === "cell.cancel"
          ? { ...common, type: "cell.cancel" }
          : {
              ...common,
              type: "cell.edit",
              ...(event.output === undefined ? {} : { output: event.output }),
              ...(event.inputs === undefined ? {} : { inputs: event.inputs }),
            };
    const pending = s.pending.add(rowKey, event, at);
    // Built from validated parts only (path ids, the token's principal, checked bodies).
    const stored = s.commands.publish({ command: cmd, msgId: commandId }, requestId, {
      trusted: true,
    });
    try {
      s.pending.stored(pending, (await stored).seq);
    } catch (err) {
      s.pending.drop(rowKey, pending);
      throw err;
    }
    const shown = decision.cell ?? row.cells[t.stepId];
    if (shown === undefined) throw new NotFoundError("cell");
    return { status, body: { cell: publicCell(shown) } };
  }

  return app;
}
