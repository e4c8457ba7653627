// What the API and the event stream show of stored rows: public cells, row items, SSE frames.
import type { Campaign, Cell, CellRecord, CellState, Prospect, Row, Step } from "@studio/contracts";
import { toPublicCell } from "@studio/engine";
import type { RowItem } from "./campaign-view";

/** The stored cell minus what only the rules need (full run, last inputs, last success hash). */
export const publicCell = (record: CellRecord): Cell => toPublicCell(record);

export function publicCells(row: Row): Record<string, Cell> {
  const cells: Record<string, Cell> = {};
  for (const [stepId, record] of Object.entries(row.cells)) cells[stepId] = publicCell(record);
  return cells;
}

export interface CellMark {
  state: CellState;
  version: number;
}

/** The view's compact form of a stored row (see RowItem). */
export function toRowItem(row: Row, revision: number): RowItem {
  const cells: Record<string, CellMark> = {};
  for (const [stepId, c] of Object.entries(row.cells))
    cells[stepId] = { state: c.state, version: c.version };
  const { workspaceId, campaignId, campaignVersion, createdAt, updatedAt, version } = row;
  return {
    revision,
    prospect: row.prospect,
    cells,
    json: `{"prospect":${JSON.stringify(row.prospect)},"cells":${JSON.stringify(publicCells(row))}}`,
    meta: { workspaceId, campaignId, campaignVersion, createdAt, updatedAt, version },
  };
}

/**
 * A row for the rules, rebuilt from the public item: states, outputs and edits are all there,
 * which is what refusals need. Predictions made on it lack the previous run's inputs, so a
 * predicted Run Again may show another input hash than the orchestrator's; states and run ids
 * are exact. The orchestrator stays the authority.
 */
export function commandRow(item: RowItem): Row {
  // Parsed from a string this process serialised from a schema-checked row.
  const parsed = JSON.parse(item.json) as { prospect: Prospect; cells: Record<string, Cell> };
  return { ...item.meta, prospect: parsed.prospect, cells: parsed.cells, applied: [] };
}

/** Every frame of a row as it stands (a resume's catch-up). */
export function publicRowFrames(item: RowItem): Frame[] {
  const parsed = JSON.parse(item.json) as { prospect: Prospect; cells: Record<string, Cell> };
  return [
    { event: "prospect", data: JSON.stringify(parsed.prospect) },
    ...Object.values(parsed.cells).map((c) => ({ event: "cell", data: JSON.stringify(c) })),
  ];
}

interface Frame {
  event: string;
  data: string;
}

/** SSE frames; only the last carries `id:` so a client that resumes never skips half a change. */
export function encodeFrames(frames: Frame[], id?: number): string {
  let out = "";
  frames.forEach((f, i) => {
    if (id !== undefined && i === frames.length - 1) out += `id: ${id}\n`;
    out += `event: ${f.event}\ndata: ${f.data}\n\n`;
  });
  return out;
}

/** Frames for a row change: every cell whose version moved, and the prospect if it changed. */
export function rowChangeFrames(before: RowItem | undefined, after: Row): Frame[] {
  const frames: Frame[] = [];
  const prospectJson = JSON.stringify(after.prospect);
  if (before === undefined || JSON.stringify(before.prospect) !== prospectJson) {
    frames.push({ event: "prospect", data: prospectJson });
  }
  for (const [stepId, record] of Object.entries(after.cells)) {
    const old = before?.cells[stepId];
    if (old !== undefined && old.version === record.version && old.state === record.state) continue;
    frames.push({ event: "cell", data: JSON.stringify(publicCell(record)) });
  }
  return frames;
}

export function publicCampaign(c: Campaign): Campaign {
  return c;
}

/** Frames for a definition change: the campaign, and each step that differs. */
export function campaignChangeFrames(before: Campaign | undefined, after: Campaign): Frame[] {
  const frames: Frame[] = [{ event: "campaign", data: JSON.stringify(publicCampaign(after)) }];
  const old = new Map<string, string>(
    (before?.steps ?? []).map((s: Step) => [s.id, JSON.stringify(s)]),
  );
  for (const step of after.steps) {
    const json = JSON.stringify(step);
    if (old.get(step.id) !== json) frames.push({ event: "step", data: json });
  }
  return frames;
}

export function prospectEmailKey(p: Prospect): string | undefined {
  return p.email?.toLowerCase();
}
