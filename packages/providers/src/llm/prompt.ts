// Builds the chat messages for an AI step: what to produce (the kind's JSON shape), the
// prospect, upstream insights and the step's prompt plus the user's instructions.
import { ContentOutputSchema, InsightOutputSchema, type Signal } from "@studio/contracts";
import { z } from "zod";
import { upstreamInsights } from "../content/local-content";
import { DEFAULT_MAX_INSIGHTS } from "../insight/local-insight";
import type { AiKind, GenerateRequest } from "../types";

type Message = { role: "system" | "user"; content: string };

export const OutputJsonSchemas: Record<AiKind, Record<string, unknown>> = {
  insight: z.toJSONSchema(InsightOutputSchema) as Record<string, unknown>,
  content: z.toJSONSchema(ContentOutputSchema) as Record<string, unknown>,
};

export type AnyGenerateRequest = GenerateRequest<"insight"> | GenerateRequest<"content">;

function task(request: AnyGenerateRequest): string {
  if (request.kind === "insight") {
    const config = request.step.config;
    const max = config.maxInsights ?? DEFAULT_MAX_INSIGHTS;
    return [
      `List at most ${max} reasons to reach out to this prospect now, best first.`,
      "Each insight: kind (one of news, funding, hiring, job_change, tech_stack, role, company, other), a short title, a one- or two-sentence detail, an optional source URL, and a score from 0 to 1 for how strong a reason it is.",
      'Answer with a JSON object: {"insights": [{"kind", "title", "detail", "source"?, "score"}]}.',
      "Do not invent facts that are not in the data; say so in the detail when a reason is an inference.",
    ].join("\n");
  }
  const config = request.step.config;
  const channel = config.channel ?? "email";
  const what = {
    email: "a short cold email (subject and body, under 120 words, plain text, no placeholders)",
    linkedin: "a LinkedIn connection message (body only, under 300 characters)",
    call: "a cold-call opener (body only, two or three spoken sentences)",
  }[channel];
  return [
    `Write ${what} to this prospect, built on the strongest insight.`,
    config.tone ? `Tone: ${config.tone}.` : "Tone: friendly and professional.",
    `Answer with a JSON object: {"channel": "${channel}", ${channel === "email" ? '"subject", ' : ""}"body"}.`,
  ].join("\n");
}

/** `signals`: the campaign's signals about the prospect's company, newest first (insight only). */
export function buildMessages(
  request: AnyGenerateRequest,
  signals: readonly Signal[] = [],
): Message[] {
  const system = [
    "You are a B2B sales research and writing assistant.",
    task(request),
    "Reply with the JSON object only, no prose and no code fences.",
    `JSON schema of the answer: ${JSON.stringify(OutputJsonSchemas[request.kind])}`,
  ].join("\n\n");
  const insights = upstreamInsights(request.inputs.upstream);
  const data: Record<string, unknown> = { prospect: request.inputs.prospect };
  if (insights.length > 0) data.insights = insights;
  if (signals.length > 0) data.signals = signals;
  const parts = [`Data:\n${JSON.stringify(data, null, 2)}`];
  if (request.step.config.prompt) parts.push(`Step instructions:\n${request.step.config.prompt}`);
  if (request.inputs.instructions) parts.push(`User instructions:\n${request.inputs.instructions}`);
  return [
    { role: "system", content: system },
    { role: "user", content: parts.join("\n\n") },
  ];
}
