// What clients see: the public cell (without the rules' memory) and per-step counts.
import {
  type Campaign,
  type Cell,
  type CellRecord,
  type CellState,
  CellStates,
  type Row,
} from "@studio/contracts";
import { cloneJson } from "./json";

/** Strips what only the rules need (run, lastInputs, lastSuccessInputHash). */
export function toPublicCell(record: CellRecord): Cell {
  const { run: _run, lastInputs: _inputs, lastSuccessInputHash: _hash, ...cell } = record;
  return cloneJson(cell);
}

export function emptyCounts(): Record<CellState, number> {
  const counts = {} as Record<CellState, number>;
  for (const s of CellStates) counts[s] = 0;
  return counts;
}

/** Counts per step and state (every state present, zeros included, so bars render stably). */
export function summarize(
  campaign: Campaign,
  rows: readonly Row[],
): { prospects: number; steps: Record<string, Record<CellState, number>> } {
  const steps: Record<string, Record<CellState, number>> = {};
  for (const step of campaign.steps) steps[step.id] = emptyCounts();
  for (const row of rows) {
    for (const step of campaign.steps) {
      const cell = row.cells[step.id];
      const counts = steps[step.id];
      // A row not yet recomputed for a newly added step shows that cell as waiting.
      if (counts) counts[cell?.state ?? "waiting"] += 1;
    }
  }
  return { prospects: rows.length, steps };
}
