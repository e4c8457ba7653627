// Bus messages → engine events, keyed by the row they touch.
import { type Command, Keys, type Result } from "@studio/contracts";
import type { EngineEvent } from "@studio/engine";

export interface RowEvent {
  rowKey: string;
  workspaceId: string;
  campaignId: string;
  prospectId: string;
  /** The campaign version the event needs (commands carry it; results need any). */
  campaignVersion: number;
  event: EngineEvent;
}

export function commandToRowEvents(cmd: Command): RowEvent[] {
  const base = {
    workspaceId: cmd.workspaceId,
    campaignId: cmd.campaignId,
    campaignVersion: cmd.campaignVersion,
  };
  const at = (prospectId: string, event: EngineEvent): RowEvent => ({
    ...base,
    prospectId,
    rowKey: Keys.row(cmd.workspaceId, cmd.campaignId, prospectId),
    event,
  });
  const who = cmd.by === undefined ? {} : { by: cmd.by };
  switch (cmd.type) {
    case "prospects.upsert":
      // One command carries a chunk of an import; each prospect is its own row.
      return cmd.prospects.map((prospect) =>
        at(prospect.id, {
          type: "prospect.upserted",
          prospect,
          commandId: `${cmd.commandId}:${prospect.id}`,
          ...who,
        }),
      );
    case "prospect.edit":
      return [
        at(cmd.prospectId, {
          type: "prospect.edited",
          patch: cmd.patch,
          commandId: cmd.commandId,
          ...who,
        }),
      ];
    case "cell.run":
    case "cell.rerun":
      return [
        at(cmd.prospectId, {
          type: cmd.type,
          stepId: cmd.stepId,
          trigger: cmd.trigger,
          commandId: cmd.commandId,
          ...who,
        }),
      ];
    case "cell.cancel":
      return [
        at(cmd.prospectId, {
          type: "cell.cancel",
          stepId: cmd.stepId,
          commandId: cmd.commandId,
          ...who,
        }),
      ];
    case "cell.edit":
      return [
        at(cmd.prospectId, {
          type: "cell.edit",
          stepId: cmd.stepId,
          commandId: cmd.commandId,
          ...(cmd.output === undefined ? {} : { output: cmd.output }),
          ...(cmd.inputs === undefined ? {} : { inputs: cmd.inputs }),
          ...who,
        }),
      ];
    case "step.changed":
      return [
        at(cmd.prospectId, {
          type: "step.changed",
          stepId: cmd.stepId,
          autoRunSwitchedOn: cmd.autoRunSwitchedOn,
          runExisting: cmd.runExisting,
          configChanged: cmd.configChanged,
          runIfChanged: cmd.runIfChanged,
          commandId: cmd.commandId,
        }),
      ];
  }
}

export function resultToRowEvent(result: Result): RowEvent {
  const event: EngineEvent =
    result.type === "started"
      ? { type: "run.started", result }
      : result.type === "succeeded"
        ? { type: "run.succeeded", result }
        : { type: "run.failed", result };
  return {
    workspaceId: result.workspaceId,
    campaignId: result.campaignId,
    prospectId: result.prospectId,
    rowKey: Keys.row(result.workspaceId, result.campaignId, result.prospectId),
    campaignVersion: 0,
    event,
  };
}
