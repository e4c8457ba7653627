// What `campaign apply` must change on an existing campaign: step patches, or why it cannot.
import {
  type Campaign,
  DEFAULT_RETRY,
  DEFAULT_TIMEOUT_MS,
  type Step,
  type StepPatchBody,
} from "@studio/contracts";
import type { CampaignFile } from "./load-file";

export type StepChange = { stepId: string; fields: string[]; patch: StepPatchBody };

export type ApplyPlan =
  | { ok: true; changes: StepChange[]; notes: string[] }
  | { ok: false; problems: string[] };

/** Stable JSON (sorted keys) so equal objects compare equal whatever their key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
const same = (a: unknown, b: unknown) => canonical(a) === canonical(b);

type FileStep = CampaignFile["steps"][number];

/** Omitted retry/timeout mean the defaults, so removing them from the file restores those. */
function stepPatch(want: FileStep, have: Step): StepChange | undefined {
  const patch: StepPatchBody = {};
  if (want.name !== have.name) patch.name = want.name;
  if (want.autoRun !== have.autoRun) patch.autoRun = want.autoRun;
  if (!same(want.runIf ?? null, have.runIf ?? null)) patch.runIf = want.runIf ?? null;
  const retry = want.retry ?? DEFAULT_RETRY;
  if (!same(retry, have.retry ?? DEFAULT_RETRY)) patch.retry = retry;
  const timeoutMs = want.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (timeoutMs !== (have.timeoutMs ?? DEFAULT_TIMEOUT_MS)) patch.timeoutMs = timeoutMs;
  if (!same(want.config, have.config)) patch.config = { ...want.config };
  const fields = Object.keys(patch);
  return fields.length > 0 ? { stepId: want.id, fields, patch } : undefined;
}

export function planApply(file: CampaignFile, current: Campaign): ApplyPlan {
  const wantIds = file.steps.map((s) => s.id);
  const haveIds = current.steps.map((s) => s.id);
  const problems: string[] = [];
  const added = wantIds.filter((id) => !haveIds.includes(id));
  const removed = haveIds.filter((id) => !wantIds.includes(id));
  if (added.length > 0) problems.push(`steps added: ${added.join(", ")}`);
  if (removed.length > 0) problems.push(`steps removed: ${removed.join(", ")}`);
  if (problems.length === 0 && !same(wantIds, haveIds)) {
    problems.push(
      `steps reordered: the campaign has ${haveIds.join(", ")}; the file has ${wantIds.join(", ")}`,
    );
  }
  const changes: StepChange[] = [];
  for (const want of file.steps) {
    const have = current.steps.find((s) => s.id === want.id);
    if (!have) continue;
    if (want.kind !== have.kind) {
      problems.push(`step ${want.id}: kind changed from ${have.kind} to ${want.kind}`);
    }
    if (!same(want.needs, have.needs)) {
      problems.push(
        `step ${want.id}: needs changed from [${have.needs.join(", ")}] to [${want.needs.join(", ")}]`,
      );
    }
    const change = stepPatch(want, have);
    if (change) changes.push(change);
  }
  if (problems.length > 0) return { ok: false, problems };
  const notes =
    file.name === current.name
      ? []
      : [`the campaign keeps its name "${current.name}" (names cannot be changed by apply)`];
  return { ok: true, changes, notes };
}
