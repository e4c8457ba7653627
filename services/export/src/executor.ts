// Runs one export step: the step's target behind the delivery ledger (SPEC rule 18).
import { type Bus, isRevisionMismatchError, openStore } from "@studio/bus";
import {
  Buckets,
  DEFAULT_TIMEOUT_MS,
  DisabledTargetSchema,
  LedgerEntrySchema,
  type Step,
} from "@studio/contracts";
import type { Providers } from "@studio/providers";
import type { Executor } from "@studio/step-runner";
import { type DeliverOnceDeps, deliverOnce } from "./deliver-once";

export async function createExportExecutor(bus: Bus, providers: Providers): Promise<Executor> {
  const ledger = await openStore(bus, Buckets.exports, LedgerEntrySchema);
  // Disabled targets live beside the ledger, under `gone.<hash>` keys.
  const disabled = await openStore(bus, Buckets.exports, DisabledTargetSchema);
  const deps: DeliverOnceDeps = {
    ledger,
    disabled,
    isConflict: isRevisionMismatchError,
    now: () => new Date().toISOString(),
    attemptMs: (run) => run.step.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    log: bus.log,
  };
  return async (run, _attempt, signal) => {
    const step = run.step as Extract<Step, { kind: "export" }>;
    const output = await deliverOnce(deps, run, providers.exportTarget(step.config.target), signal);
    return { output };
  };
}
