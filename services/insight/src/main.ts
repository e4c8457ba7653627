// The insight service: ranks reasons to reach out, with the step's provider (local or llm).
import type { Step } from "@studio/contracts";
import { runStepService } from "@studio/step-runner";

await runStepService("insight", ({ providers }) => async (run, attempt, signal) => {
  const step = run.step as Extract<Step, { kind: "insight" }>;
  return providers.ai("insight", step.config.provider).generate(
    {
      kind: "insight",
      step,
      inputs: run.inputs,
      runId: run.runId,
      attempt,
      workspaceId: run.workspaceId,
      campaignId: run.campaignId,
    },
    signal,
  );
});
