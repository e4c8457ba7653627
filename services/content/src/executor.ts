// Runs one content step with the provider its config names (local by default, or llm).
import type { Step } from "@studio/contracts";
import type { Providers } from "@studio/providers";
import type { Executor } from "@studio/step-runner";

export function createContentExecutor(providers: Providers): Executor {
  return async (run, attempt, signal) => {
    const step = run.step as Extract<Step, { kind: "content" }>;
    const request = {
      kind: "content" as const,
      step,
      inputs: run.inputs,
      runId: run.runId,
      attempt,
      workspaceId: run.workspaceId,
      campaignId: run.campaignId,
    };
    return providers.ai("content", step.config.provider).generate(request, signal);
  };
}
