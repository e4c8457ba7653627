// A step PATCH applied to a definition: config validated against the step's kind, graph re-checked.
import {
  type Campaign,
  type Step,
  StepConfigSchemas,
  type StepPatchBody,
  StepSchema,
} from "@studio/contracts";
import { stepErrors } from "../commands/rules";
import { NotFoundError, toFieldErrors, ValidationError } from "../errors/problems";

export interface PatchedSteps {
  steps: Step[];
  step: Step;
}

export function applyStepPatch(
  campaign: Campaign,
  stepId: string,
  body: StepPatchBody,
): PatchedSteps {
  const index = campaign.steps.findIndex((st) => st.id === stepId);
  const current = campaign.steps[index];
  if (current === undefined) throw new NotFoundError("step");
  const next: Record<string, unknown> = { ...current };
  if (body.name !== undefined) next.name = body.name;
  if (body.autoRun !== undefined) next.autoRun = body.autoRun;
  if (body.runIf === null) delete next.runIf;
  else if (body.runIf !== undefined) next.runIf = body.runIf;
  if (body.retry !== undefined) next.retry = body.retry;
  if (body.timeoutMs !== undefined) next.timeoutMs = body.timeoutMs;
  if (body.config !== undefined) {
    const parsed = StepConfigSchemas[current.kind].safeParse(body.config);
    if (!parsed.success) throw new ValidationError(toFieldErrors(parsed.error.issues, "config"));
    next.config = parsed.data;
  }
  const step = StepSchema.safeParse(next);
  if (!step.success) throw new ValidationError(toFieldErrors(step.error.issues));
  const steps = campaign.steps.map((st, i) => (i === index ? step.data : st));
  const errors = stepErrors(steps);
  if (errors.length > 0) throw new ValidationError(errors);
  return { steps, step: step.data };
}
