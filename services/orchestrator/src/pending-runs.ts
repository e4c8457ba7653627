// Rebuild the run messages of cells that are queued in a stored row. After a crash between
// the row write and the run publish, the redelivered command finds the row already changed
// and the engine emits nothing; re-publishing these (same run id = same Nats-Msg-Id, so a
// run that did get out is dropped as a duplicate) means no queued cell is ever stranded.
import type { Campaign, HistoryEntry, Row, RunMessage } from "@studio/contracts";

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

/**
 * The history entries of the runs a stored row shows as ended. History is written after the
 * row; after a crash between the two (kill -9, or the bus down past the write deadline), the
 * redelivered message finds the run already ended and the engine records nothing — re-putting
 * these (keyed by run id, so idempotent) means no ended run is ever missing from history.
 */
export function endedRunHistory(row: Row): HistoryEntry[] {
  const entries: HistoryEntry[] = [];
  for (const cell of Object.values(row.cells)) {
    if (cell.run?.outcome === undefined) continue;
    entries.push({
      ...structuredClone(cell.run),
      workspaceId: row.workspaceId,
      campaignId: row.campaignId,
      prospectId: row.prospect.id,
      stepId: cell.stepId,
    });
  }
  return entries;
}
