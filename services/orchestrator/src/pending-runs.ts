// Rebuild the run messages of cells that are queued in a stored row. After a crash between
// the row write and the run publish, the redelivered command finds the row already changed
// and the engine emits nothing; re-publishing these (same run id = same Nats-Msg-Id, so a
// run that did get out is dropped as a duplicate) means no queued cell is ever stranded.
import type { Campaign, Row, RunMessage } from "@studio/contracts";

export function pendingRuns(campaign: Campaign, row: Row): RunMessage[] {
  const runs: RunMessage[] = [];
  for (const step of campaign.steps) {
    const cell = row.cells[step.id];
    if (cell?.state !== "queued" || cell.run === undefined || cell.lastInputs === undefined)
      continue;
    runs.push({
      runId: cell.run.runId,
      workspaceId: row.workspaceId,
      campaignId: row.campaignId,
      prospectId: row.prospect.id,
      stepId: step.id,
      kind: step.kind,
      step,
      inputs: cell.lastInputs,
      inputHash: cell.run.inputHash,
      ...(cell.run.idempotencyKey === undefined ? {} : { idempotencyKey: cell.run.idempotencyKey }),
      trigger: cell.run.trigger,
      queuedAt: cell.run.queuedAt,
    });
  }
  return runs;
}
