// GET /summary from the view's compact cells: the engine's `summarize` semantics (every state
// present, a cell missing for a newly added step counts as waiting) without rebuilding rows.
import { type CellState, CellStates } from "@studio/contracts";
import type { CampaignView } from "./campaign-view";

export function summarize(view: CampaignView): {
  prospects: number;
  steps: Record<string, Record<CellState, number>>;
} {
  const steps: Record<string, Record<CellState, number>> = {};
  for (const step of view.campaign.steps) {
    steps[step.id] = Object.fromEntries(CellStates.map((s) => [s, 0])) as Record<CellState, number>;
  }
  for (const item of view.rows.values()) {
    for (const step of view.campaign.steps) {
      const counts = steps[step.id];
      if (counts !== undefined) counts[item.cells[step.id]?.state ?? "waiting"] += 1;
    }
  }
  return { prospects: view.rows.size, steps };
}
