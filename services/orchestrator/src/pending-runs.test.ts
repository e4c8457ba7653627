import type { Row } from "@studio/contracts";
import { describe, expect, it } from "vitest";
import { endedRunHistory } from "./pending-runs";

describe("endedRunHistory", () => {
  it("rebuilds the history entries of the runs a stored row shows as ended", () => {
    const cell = (stepId: string, outcome?: "done") => ({
      stepId,
      state: outcome ? "done" : "queued",
      run: {
        runId: `r-${stepId}`,
        trigger: "auto",
        inputHash: "h",
        attempts: 1,
        queuedAt: "2026-01-01T00:00:00.000Z",
        ...(outcome ? { outcome, finishedAt: "2026-01-01T00:00:01.000Z" } : {}),
      },
    });
    const row = {
      workspaceId: "ws",
      campaignId: "c",
      prospect: { id: "p" },
      cells: { a: cell("a", "done"), b: cell("b") },
    } as unknown as Row;
    expect(endedRunHistory(row)).toEqual([
      expect.objectContaining({ runId: "r-a", outcome: "done", stepId: "a", prospectId: "p" }),
    ]);
  });
});
