// Builds what an export delivers from the run message a worker received.
import type { RunMessage } from "@studio/contracts";
import type { ExportPayload } from "../types";

export function exportPayloadOf(run: RunMessage): ExportPayload {
  return {
    workspaceId: run.workspaceId,
    campaignId: run.campaignId,
    prospectId: run.prospectId,
    stepId: run.stepId,
    runId: run.runId,
    prospect: run.inputs.prospect,
    outputs: run.inputs.upstream,
  };
}
