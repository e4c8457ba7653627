// Builders shared by this package's tests: valid steps and inputs with little ceremony.
import { type ContentConfig, type Inputs, type InsightConfig, StepSchema } from "@studio/contracts";
import type { GenerateRequest, StepOf } from "../types";

export function insightStep(config: InsightConfig = {}): StepOf<"insight"> {
  return StepSchema.parse({
    id: "insight",
    name: "Insights",
    kind: "insight",
    autoRun: true,
    config,
  }) as StepOf<"insight">;
}

export function contentStep(config: ContentConfig = {}): StepOf<"content"> {
  return StepSchema.parse({
    id: "content",
    name: "Email",
    kind: "content",
    needs: ["insight"],
    autoRun: true,
    config,
  }) as StepOf<"content">;
}

export const dana = {
  id: "p1",
  email: "dana@northwind.io",
  firstName: "Dana",
  lastName: "Reyes",
  title: "VP of Sales",
  company: "Northwind",
  domain: "northwind.io",
  fields: { employees: "51-200" },
};

export function insightRequest(
  prospect: Record<string, unknown>,
  config: InsightConfig = {},
  extra: Partial<Inputs> = {},
): GenerateRequest<"insight"> {
  return {
    kind: "insight",
    step: insightStep(config),
    inputs: { prospect, upstream: {}, ...extra },
    runId: "run-1",
    attempt: 1,
  };
}

export const sampleInsights = {
  insights: [
    {
      kind: "funding",
      title: "Northwind raised a $40M Series B",
      detail: "Led by Foundry.",
      score: 0.9,
    },
    { kind: "role", title: "VP-level leader: VP of Sales", detail: "Owns budget.", score: 0.55 },
  ],
};

export function contentRequest(
  runId: string,
  config: ContentConfig = {},
  instructions?: string,
): GenerateRequest<"content"> {
  const inputs: Inputs = { prospect: dana, upstream: { insight: sampleInsights } };
  if (instructions) inputs.instructions = instructions;
  return { kind: "content", step: contentStep(config), inputs, runId, attempt: 1 };
}

export const never = () => new AbortController().signal;
