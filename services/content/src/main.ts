// The content service: writes the email / LinkedIn message / call opener for a prospect.
import type { Step } from "@studio/contracts";
import { runStepService } from "@studio/step-runner";

await runStepService("content", ({ providers }) => async (run, attempt, signal) => {
  const step = run.step as Extract<Step, { kind: "content" }>;
  return providers.ai("content", step.config.provider).generate(
    {
      kind: "content",
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
