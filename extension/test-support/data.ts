// Builders for component tests: the demo campaign shape (insight → content → export on Co-Pilot).
import type { Campaign, Cell, CellState, Prospect, ProspectRow } from "@studio/contracts";
import { vi } from "vitest";
import { createCampaignModel } from "../models/CampaignModel";
import type { StudioActions } from "../shared/protocol";

const at = "2026-01-01T00:00:00.000Z";

export const campaign: Campaign = {
  id: "c1",
  workspaceId: "w1",
  name: "Q3 outbound",
  version: 1,
  createdAt: at,
  updatedAt: at,
  steps: [
    { id: "insight", name: "Insights", kind: "insight", needs: [], autoRun: true, config: {} },
    {
      id: "content",
      name: "Email",
      kind: "content",
      needs: ["insight"],
      autoRun: false,
      config: {},
    },
    {
      id: "export",
      name: "Export",
      kind: "export",
      needs: ["content"],
      autoRun: false,
      config: { target: { type: "file" } },
    },
  ],
};

export function cell(
  stepId: string,
  state: CellState,
  extra: Partial<Cell> = {},
  prospectId = "p1",
): Cell {
  return {
    campaignId: "c1",
    prospectId,
    stepId,
    state,
    attempt: 0,
    updatedAt: at,
    version: 1,
    ...extra,
  };
}

export const ada: Prospect = {
  id: "p1",
  email: "ada@engines.example",
  firstName: "Ada",
  lastName: "Lovelace",
  company: "Engines Ltd",
  crm: { hubspot: "51" },
};

export function row(p: Prospect, cells: Cell[]): ProspectRow {
  return {
    prospect: p,
    cells: Object.fromEntries(cells.map((c) => [c.stepId, { ...c, prospectId: p.id }])),
  };
}

export const email = {
  channel: "email",
  subject: "Ideas for Engines",
  body: "Hi Ada,\n\nShort note.",
};

export function modelWith(rows: ProspectRow[], c: Campaign = campaign) {
  const m = createCampaignModel();
  m.apply({
    kind: "state",
    connection: { state: "online" },
    campaigns: [c],
    activeCampaignId: c.id,
  });
  m.apply({ kind: "snapshot", first: true, last: true, campaign: c, rows });
  return m;
}

export function fakeActions(overrides: Partial<StudioActions> = {}): StudioActions {
  const okCell = (d: { campaignId: string; prospectId: string; stepId: string }) =>
    Promise.resolve({
      ok: true as const,
      value: { cell: cell(d.stepId, "queued", {}, d.prospectId) },
    });
  return {
    cellCommand: vi.fn(okCell),
    getCell: vi.fn((d) =>
      Promise.resolve({
        ok: true as const,
        value: {
          ...cell(d.stepId, "done"),
          history: [
            {
              runId: "r1",
              trigger: "auto" as const,
              inputHash: "h",
              attempts: 1,
              queuedAt: at,
              finishedAt: at,
              outcome: "done" as const,
            },
          ],
        },
      }),
    ),
    editCell: vi.fn(okCell),
    addProspect: vi.fn(() =>
      Promise.resolve({
        ok: true as const,
        value: { created: 1, updated: 0, items: [{ id: "p9" }], refused: [] },
      }),
    ),
    bulkRun: vi.fn(() =>
      Promise.resolve({ ok: true as const, value: { accepted: 2, refused: [] } }),
    ),
    stop: vi.fn(() => Promise.resolve({ ok: true as const, value: { canceled: 3 } })),
    patchStep: vi.fn((d) =>
      Promise.resolve({
        ok: true as const,
        value: { step: { ...campaign.steps[1]!, autoRun: d.body.autoRun ?? false }, queued: 4 },
      }),
    ),
    setActiveCampaign: vi.fn(() => Promise.resolve({ ok: true as const, value: true as const })),
    checkSettings: vi.fn(() =>
      Promise.resolve({
        ok: true as const,
        value: { user: { id: "u1", name: "Sam" }, workspace: { id: "w1", name: "Demo" } },
      }),
    ),
    ...overrides,
  };
}
