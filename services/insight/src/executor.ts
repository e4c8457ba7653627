// Runs one insight step with the provider its config names (local by default, or llm).
import type { Step } from "@studio/contracts";
import type { Providers } from "@studio/providers";
import type { Executor } from "@studio/step-runner";

export function createInsightExecutor(providers: Providers): Executor {
  return async (run, attempt, signal) => {
    const step = run.step as Extract<Step, { kind: "insight" }>;
    const request = {
      kind: "insight" as const,
      step,
      inputs: run.inputs,
      runId: run.runId,
      attempt,
      workspaceId: run.workspaceId,
      campaignId: run.campaignId,
    };
    return providers.ai("insight", step.config.provider).generate(request, signal);
  };
}
