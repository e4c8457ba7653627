// Prospect commands: a new row (rule 1) and field changes (rule 13).
import type { Prospect, ProspectPatch } from "@studio/contracts";
import type { Draft } from "../draft";
import { commandRunId } from "../hash";
import { propagate } from "../propagate";

type Mutable = Record<string, unknown>;

/** Upsert keeps the row's id and every field the new record leaves out (imports are partial). */
export function mergeProspect(current: Prospect, incoming: Prospect): Prospect {
  const next: Mutable = { ...current };
  for (const [k, v] of Object.entries(incoming)) {
    if (v !== undefined && k !== "id" && k !== "crm" && k !== "fields") next[k] = v;
  }
  if (incoming.crm) next.crm = { ...current.crm, ...incoming.crm };
  if (incoming.fields) next.fields = { ...current.fields, ...incoming.fields };
  return next as Prospect;
}

/** PATCH: `null` clears a standard field; a custom field set to null is removed too. */
export function patchProspect(current: Prospect, patch: ProspectPatch): Prospect {
  const next: Mutable = { ...current };
  for (const [k, v] of Object.entries(patch)) {
    if (k === "crm" || k === "fields" || v === undefined) continue;
    if (v === null) delete next[k];
    else next[k] = v;
  }
  if (patch.crm) next.crm = { ...current.crm, ...patch.crm };
  if (patch.fields) {
    const fields: Mutable = { ...current.fields };
    for (const [k, v] of Object.entries(patch.fields)) {
      if (v === null) delete fields[k];
      else fields[k] = v;
    }
    if (Object.keys(fields).length > 0) next.fields = fields;
    else delete next.fields;
  }
  return next as Prospect;
}

/**
 * Rule 1 (a fresh row: every cell computed) and rule 13 (every cell uses the prospect's fields,
 * so all are re-evaluated, left to right; input hashes keep unchanged cells as they are).
 */
export function reevaluateAll(draft: Draft, commandId: string): void {
  const prospectId = draft.row.prospect.id;
  propagate(draft, new Set(draft.campaign.steps.map((s) => s.id)), {
    runIdFor: (stepId) => commandRunId(commandId, prospectId, stepId),
    allowAuto: true,
  });
}
