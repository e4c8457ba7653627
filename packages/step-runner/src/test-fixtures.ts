// Test fixtures shared by the step-runner's tests: a content run and an output of that kind.
import type { RunMessage } from "@studio/contracts";

export const contentOutput = { channel: "email", subject: "Hi", body: "Hello" };

/** A content run; `overrides` for the ids, `step` overrides for the retry policy and timeout. */
export function contentRun(
  overrides: Partial<RunMessage> = {},
  step: Partial<Pick<RunMessage["step"], "retry" | "timeoutMs">> = {},
): RunMessage {
  return {
    runId: "r_1",
    workspaceId: "w",
    campaignId: "c",
    prospectId: "p",
    stepId: "email",
    kind: "content",
    step: {
      id: "email",
      name: "Email",
      kind: "content",
      needs: [],
      autoRun: true,
      config: {},
      retry: { maxAttempts: 3, backoffMs: [500, 2_000] },
      timeoutMs: 1_000,
      ...step,
    },
    inputs: { prospect: {}, upstream: {} },
    inputHash: "h",
    trigger: "auto",
    queuedAt: "2026-11-25T00:00:00.000Z",
    ...overrides,
  };
}
