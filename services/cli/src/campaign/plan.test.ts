import { type Campaign, CampaignCreateBodySchema, DEFAULT_RETRY } from "@studio/contracts";
import { describe, expect, it } from "vitest";
import { planApply } from "./plan";

const file = CampaignCreateBodySchema.parse({
  id: "c1",
  name: "Outreach",
  steps: [
    { id: "insight", name: "Insights", kind: "insight", autoRun: true },
    { id: "content", name: "Email", kind: "content", needs: ["insight"], autoRun: false },
  ],
});
const current: Campaign = {
  id: "c1",
  workspaceId: "w",
  name: "Outreach",
  steps: file.steps,
  createdAt: "2026-01-01T00:00:00.000Z",
  updatedAt: "2026-01-01T00:00:00.000Z",
  version: 1,
};

describe("planApply", () => {
  it("finds nothing to do when the file matches, whatever the key order or explicit defaults", () => {
    const withDefaults = {
      ...file,
      steps: file.steps.map((s) => ({ ...s, retry: DEFAULT_RETRY, timeoutMs: 30_000 })),
    };
    expect(planApply(withDefaults, current)).toEqual({ ok: true, changes: [], notes: [] });
  });

  it("patches only the fields that differ, clearing a removed runIf with null", () => {
    const have = {
      ...current,
      steps: current.steps.map((s) =>
        s.id === "content" ? { ...s, runIf: { field: "title", op: "exists" as const } } : s,
      ),
    };
    const want = {
      ...file,
      steps: file.steps.map((s) => (s.id === "content" ? { ...s, autoRun: true } : s)),
    };
    const plan = planApply(want, have);
    expect(plan).toEqual({
      ok: true,
      notes: [],
      changes: [
        { stepId: "content", fields: ["autoRun", "runIf"], patch: { autoRun: true, runIf: null } },
      ],
    });
  });

  it("refuses added, removed and reordered steps and changed needs", () => {
    const reordered = { ...file, steps: [...file.steps].reverse() };
    expect(planApply(reordered, current)).toMatchObject({
      ok: false,
      problems: [expect.stringContaining("steps reordered")],
    });
    const other = {
      ...file,
      steps: [
        { ...file.steps[0]!, id: "fresh" },
        { ...file.steps[1]!, needs: [] },
      ],
    };
    const plan = planApply(other, current);
    expect(plan.ok).toBe(false);
    expect(!plan.ok && plan.problems).toEqual([
      "steps added: fresh",
      "steps removed: insight",
      "step content: needs changed from [insight] to []",
    ]);
  });
});
