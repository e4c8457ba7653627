// Runs one export step: the step's target behind the delivery ledger (SPEC rule 18).
import { type Bus, isRevisionMismatchError, openStore } from "@studio/bus";
import { Buckets, LedgerEntrySchema, type Step } from "@studio/contracts";
import type { Providers } from "@studio/providers";
import type { Executor } from "@studio/step-runner";
import { deliverOnce } from "./deliver-once";

export async function createExportExecutor(bus: Bus, providers: Providers): Promise<Executor> {
  const ledger = await openStore(bus, Buckets.exports, LedgerEntrySchema);
  const deps = {
    ledger,
    isConflict: isRevisionMismatchError,
    now: () => new Date().toISOString(),
    // Longer than any step timeout: an older claim belongs to a delivery that died.
    staleClaimMs: 5 * 60_000,
  };
  return async (run, _attempt, signal) => {
    const step = run.step as Extract<Step, { kind: "export" }>;
    const output = await deliverOnce(deps, run, providers.exportTarget(step.config.target), signal);
    return { output };
  };
}
