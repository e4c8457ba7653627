// The DAG of the BullMQ comparison: a chain of steps; the next run carries the upstream outputs.
import type { Campaign, Inputs, Output, RunMessage } from "@studio/contracts";

export interface StepJob {
  run: RunMessage;
  campaign: Campaign;
}

/** The next step's run for this prospect, given what just finished (the DAG is a chain). */
export function nextRun(job: StepJob, output: Output): RunMessage | undefined {
  const { run, campaign } = job;
  const i = campaign.steps.findIndex((s) => s.id === run.stepId);
  const step = campaign.steps[i + 1];
  if (step === undefined) return undefined;
  const inputs: Inputs = {
    prospect: run.inputs.prospect,
    upstream: { ...run.inputs.upstream, [run.stepId]: output },
  };
  return {
    ...run,
    runId: `${run.prospectId}-${step.id}`,
    stepId: step.id,
    kind: step.kind,
    step,
    inputs,
    queuedAt: new Date().toISOString(),
  };
}
