// The export service: delivers each distinct payload once through the `studio_exports` ledger.
import { isRevisionMismatchError, openStore } from "@studio/bus";
import { Buckets, LedgerEntrySchema, type Step } from "@studio/contracts";
import { runStepService } from "@studio/step-runner";
import { deliverOnce } from "./deliver-once";

await runStepService("export", async ({ providers, bus }) => {
  const ledger = await openStore(bus, Buckets.exports, LedgerEntrySchema);
  const deps = {
    ledger,
    isConflict: isRevisionMismatchError,
    now: () => new Date().toISOString(),
    staleClaimMs: 5 * 60_000,
  };
  return async (run, _attempt, signal) => {
    const step = run.step as Extract<Step, { kind: "export" }>;
    const output = await deliverOnce(deps, run, providers.exportTarget(step.config.target), signal);
    return { output };
  };
});
