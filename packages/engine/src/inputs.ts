// Input resolution: what a cell's action consumes (prospect fields + needed outputs + edits).
import {
  type Campaign,
  type InputOverrides,
  type Inputs,
  type Prospect,
  ProspectFieldNames,
  type Row,
} from "@studio/contracts";
import type { ConditionScope } from "./condition";
import { findStep } from "./graph";

/** Prospect fields a step consumes: standard + custom. Ids and CRM record ids are identity, not input. */
export function prospectInputs(prospect: Prospect): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of ProspectFieldNames) {
    const v = prospect[name];
    if (v !== undefined) out[name] = v;
  }
  if (prospect.fields && Object.keys(prospect.fields).length > 0)
    out.fields = { ...prospect.fields };
  return out;
}

/** Inputs from the current upstream outputs, before the cell's own input edits. */
export function resolveBaseInputs(campaign: Campaign, row: Row, stepId: string): Inputs {
  const step = findStep(campaign, stepId);
  const upstream: Inputs["upstream"] = {};
  for (const need of step?.needs ?? []) {
    const output = row.cells[need]?.output;
    if (output !== undefined) upstream[need] = output;
  }
  return { prospect: prospectInputs(row.prospect), upstream };
}

/** Shallow overrides (rule 10): an edited key replaces the resolved one. */
export function applyOverrides(inputs: Inputs, overrides: InputOverrides | undefined): Inputs {
  if (!overrides) return inputs;
  const merged: Inputs = {
    prospect: { ...inputs.prospect, ...overrides.prospect },
    upstream: { ...inputs.upstream, ...overrides.upstream },
  };
  const instructions = overrides.instructions ?? inputs.instructions;
  if (instructions !== undefined) merged.instructions = instructions;
  return merged;
}

/** Prospect fields + outputs of needed cells (edited output counts) + the cell's input edits. */
export function resolveInputs(campaign: Campaign, row: Row, stepId: string): Inputs {
  return applyOverrides(
    resolveBaseInputs(campaign, row, stepId),
    row.cells[stepId]?.inputOverrides,
  );
}

/** The scope `runIf` sees: the stored prospect and every cell's current output. */
export function conditionScope(row: Row): ConditionScope {
  const steps: Record<string, unknown> = {};
  for (const [id, cell] of Object.entries(row.cells)) {
    if (cell.output !== undefined) steps[id] = cell.output;
  }
  return { prospect: row.prospect as Record<string, unknown>, steps };
}
