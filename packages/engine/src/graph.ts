// The step dependency graph: validation (needs only point left), lookups and dependents.
import type { Campaign, Step } from "@studio/contracts";

export interface StepError {
  path: string;
  message: string;
}

/**
 * Ids unique; every need names an earlier step. "Only to the left" makes cycles impossible by
 * construction, but a need pointing right gets a cycle-specific message when it closes one.
 */
export function validateSteps(
  steps: readonly Step[],
): { ok: true } | { ok: false; errors: StepError[] } {
  const errors: StepError[] = [];
  const firstIndex = new Map<string, number>();
  steps.forEach((s, i) => {
    const seen = firstIndex.get(s.id);
    if (seen !== undefined) {
      errors.push({
        path: `steps.${i}.id`,
        message: `id "${s.id}" is already used by step ${seen}`,
      });
    } else firstIndex.set(s.id, i);
  });
  steps.forEach((s, i) => {
    const needsSeen = new Set<string>();
    (s.needs ?? []).forEach((need, j) => {
      const path = `steps.${i}.needs.${j}`;
      const at = firstIndex.get(need);
      if (needsSeen.has(need)) {
        errors.push({ path, message: `"${need}" is listed twice` });
      } else if (need === s.id) {
        errors.push({ path, message: `step "${s.id}" cannot need itself` });
      } else if (at === undefined) {
        errors.push({ path, message: `"${need}" is not a step of this campaign` });
      } else if (at > i) {
        const cycle = reaches(steps, need, s.id, new Set());
        errors.push({
          path,
          message: cycle
            ? `"${need}" needs "${s.id}" in turn: steps cannot depend on each other in a cycle`
            : `"${need}" comes after "${s.id}": a step may only need steps to its left`,
        });
      }
      needsSeen.add(need);
    });
  });
  return errors.length === 0 ? { ok: true } : { ok: false, errors };
}

function reaches(steps: readonly Step[], from: string, to: string, seen: Set<string>): boolean {
  if (from === to) return true;
  if (seen.has(from)) return false;
  seen.add(from);
  const step = steps.find((s) => s.id === from);
  return (step?.needs ?? []).some((n) => reaches(steps, n, to, seen));
}

export function findStep(campaign: Campaign, stepId: string): Step | undefined {
  return campaign.steps.find((s) => s.id === stepId);
}

/** Direct dependents of a step, in campaign (left-to-right) order. */
export function dependentsOf(campaign: Campaign, stepId: string): Step[] {
  return campaign.steps.filter((s) => s.needs.includes(stepId));
}

/** Readable list of step names for refusals: "Insights", "Insights and Email". */
export function stepNames(campaign: Campaign, ids: readonly string[]): string {
  const names = ids.map((id) => findStep(campaign, id)?.name ?? id);
  if (names.length <= 1) return names.join("");
  return `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}
