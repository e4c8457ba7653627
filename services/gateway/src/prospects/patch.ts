// A prospect PATCH applied as the orchestrator will: null clears, CRM ids and custom fields merge.
import type { Prospect, ProspectPatch } from "@studio/contracts";

export function patchedProspect(p: Prospect, patch: ProspectPatch): Prospect {
  const next: Record<string, unknown> = { ...p };
  for (const [k, v] of Object.entries(patch)) {
    if (k === "crm" || k === "fields") continue;
    if (v === null) delete next[k];
    else if (v !== undefined) next[k] = v;
  }
  if (patch.crm !== undefined) next.crm = { ...p.crm, ...patch.crm };
  if (patch.fields !== undefined) next.fields = { ...p.fields, ...patch.fields };
  return next as Prospect;
}
