// The gateway's 202 body: the cell as it stands right after a command is accepted.
import type { Campaign, Cell, Row } from "@studio/contracts";
import { applyEvent } from "./apply";
import { toPublicCell } from "./cell-view";
import type { EngineContext, EngineEvent } from "./types";

export function predictCell(
  campaign: Campaign,
  row: Row | undefined,
  event: EngineEvent,
  ctx: EngineContext,
): Cell | undefined {
  if (!("stepId" in event)) return undefined;
  const t = applyEvent(campaign, row, event, ctx);
  if (t.refusal) return undefined;
  const cell = t.row?.cells[event.stepId];
  return cell ? toPublicCell(cell) : undefined;
}
