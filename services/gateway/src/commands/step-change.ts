// Rules 8 and 16 at the edge: one step.changed command per affected row, counted for the answer.
import type { Campaign, Command, StepPatchBody } from "@studio/contracts";
import type { Principal } from "../auth/tokens";
import { msgIdOf } from "../http/respond";
import type { RequestContext } from "../idempotency/requests";
import type { CampaignView } from "../views/campaign-view";
import type { OutgoingCommand } from "./publish";

export function stepChangeCommands(
  view: CampaignView,
  ctx: RequestContext,
  principal: Principal,
  before: Campaign,
  after: Campaign,
  stepId: string,
  body: StepPatchBody,
): { commands: OutgoingCommand[]; queued: number } {
  const was = before.steps.find((st) => st.id === stepId);
  const now = after.steps.find((st) => st.id === stepId);
  if (was === undefined || now === undefined) return { commands: [], queued: 0 };
  const autoRunSwitchedOn = !was.autoRun && now.autoRun;
  const runExisting = body.runExisting ?? true;
  const configChanged = JSON.stringify(was.config) !== JSON.stringify(now.config);
  const runIfChanged = JSON.stringify(was.runIf ?? null) !== JSON.stringify(now.runIf ?? null);
  const commands: OutgoingCommand[] = [];
  let queued = 0;
  if (!(autoRunSwitchedOn && runExisting) && !configChanged && !runIfChanged)
    return { commands, queued };
  const at = new Date().toISOString();
  for (const id of view.ids()) {
    const item = view.rows.get(id);
    const state = item?.cells[stepId]?.state;
    if (item === undefined || state === undefined) continue;
    const queues = autoRunSwitchedOn && runExisting && (state === "ready" || state === "stale");
    // Only rows whose cell the change can move: queued ones (rule 8), done ones go stale (16),
    // and a new runIf can skip or un-skip any cell that is not running.
    const affected =
      queues ||
      (configChanged && state === "done") ||
      (runIfChanged && state !== "queued" && state !== "running");
    if (!affected) continue;
    if (queues) queued++;
    const command: Command = {
      type: "step.changed",
      commandId: msgIdOf(ctx, id),
      workspaceId: principal.workspaceId,
      campaignId: after.id,
      campaignVersion: after.version,
      by: principal.userId,
      at,
      prospectId: id,
      stepId,
      autoRunSwitchedOn,
      runExisting,
      configChanged,
      runIfChanged,
    };
    commands.push({ command, msgId: command.commandId });
  }
  return { commands, queued };
}
