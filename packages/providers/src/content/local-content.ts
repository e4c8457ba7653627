// The default content provider: Liquid templates per channel over the prospect and upstream
// insights, with wording varied by run id (API.md "Step config per kind").
import { ContentOutputSchema, type Inputs, InsightSchema } from "@studio/contracts";
import { Liquid } from "liquidjs";
import { abortError, PermanentProviderError, RetryableProviderError } from "../errors";
import type { AiProvider, GenerateRequest } from "../types";
import { DefaultTemplates } from "./templates";
import { pickVariant } from "./variants";

// Templates are user input: no file system (`templates: {}` makes include/render look up an
// empty in-memory map), unknown filters are errors rather than silent no-ops, and limits stop
// a runaway loop from blocking the worker. Output is plain text, so nothing is HTML-escaped.
const engine = new Liquid({
  templates: {},
  strictFilters: true,
  ownPropertyOnly: true,
  parseLimit: 100_000,
  renderLimit: 1_000,
  memoryLimit: 10_000_000,
});

// Parsed templates by source: the default templates are parsed once per process, not per run.
const templateCache = new Map<string, ReturnType<Liquid["parse"]>>();
function compiled(template: string): ReturnType<Liquid["parse"]> {
  let found = templateCache.get(template);
  if (found === undefined) {
    found = engine.parse(template);
    if (templateCache.size >= 256) templateCache.clear();
    templateCache.set(template, found);
  }
  return found;
}

const EVENT_KINDS = new Set(["news", "funding", "hiring", "job_change", "tech_stack"]);

type Insight = ReturnType<typeof InsightSchema.parse>;

/** Every well-formed insight of every upstream output, best first. */
export function upstreamInsights(upstream: Inputs["upstream"]): Insight[] {
  const all: Insight[] = [];
  for (const output of Object.values(upstream)) {
    const list = output.insights;
    if (!Array.isArray(list)) continue;
    for (const item of list) {
      const parsed = InsightSchema.safeParse(item);
      if (parsed.success) all.push(parsed.data);
    }
  }
  return all.sort((a, b) => b.score - a.score);
}

const text = (v: unknown) => (typeof v === "string" && v.trim() !== "" ? v.trim() : undefined);

/** Checks a custom template; returns the Liquid error message, or undefined when it parses. */
export function checkTemplate(template: string): string | undefined {
  try {
    engine.parse(template);
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

function splitSubject(rendered: string): { subject?: string; body: string } {
  const match = /^\s*subject:[ \t]*(.*)\r?\n/i.exec(rendered);
  if (!match) return { body: rendered.trim() };
  return { subject: match[1]!.trim(), body: rendered.slice(match[0].length).trim() };
}

export function createLocalContentProvider(): AiProvider<"content"> {
  return {
    kind: "content",
    async generate(request: GenerateRequest<"content">, signal: AbortSignal) {
      if (signal.aborted) throw abortError(signal);
      const { config } = request.step;
      const channel = config.channel ?? "email";
      const { prospect, upstream, instructions } = request.inputs;
      const insights = upstreamInsights(upstream);
      const hook = insights.find((i) => EVENT_KINDS.has(i.kind));
      const first = text(prospect.firstName) ?? "there";
      const company = text(prospect.company) ?? "your team";
      const variant = pickVariant(request.runId, config.tone, {
        first,
        company,
        ...(hook ? { hook: hook.title, hookKind: hook.kind } : {}),
      });
      const context = {
        prospect,
        first_name: first,
        company,
        title: text(prospect.title) ?? "",
        insights,
        top_insight: insights[0],
        second_insight: insights.find((i) => i !== hook && i !== insights[0]) ?? insights[1],
        hook,
        // nil, not "": in Liquid an empty string is truthy, and `{% if instructions %}` must be false.
        tone: config.tone ?? null,
        instructions: text(instructions) ?? null,
        channel,
        variant,
        run_id: request.runId,
      };
      let rendered: string;
      try {
        // Synchronous: the render limit then measures this template's own work, not the time
        // other runs in flight took between its awaits (a busy worker is not a bad template).
        rendered = engine.renderSync(
          compiled(config.template ?? DefaultTemplates[channel]),
          context,
        );
      } catch (err) {
        const reason = err instanceof Error ? err.message : String(err);
        if (/limit exceeded/i.test(reason) && !/parse/i.test(reason)) {
          // A starved CPU can still push a render past the limit: worth another attempt.
          throw new RetryableProviderError("timeout", `template render took too long: ${reason}`);
        }
        throw new PermanentProviderError("provider_error", `template error: ${reason}`, {
          cause: err,
        });
      }
      const { subject, body } = splitSubject(rendered);
      if (body === "") {
        throw new PermanentProviderError(
          "invalid_output",
          "the template rendered an empty message",
        );
      }
      const output =
        channel === "email"
          ? { channel, subject: subject ?? variant.subject, body }
          : { channel, body };
      const parsed = ContentOutputSchema.safeParse(output);
      if (!parsed.success) {
        const reason = parsed.error.issues
          .map((i) => `${i.path.join(".")}: ${i.message}`)
          .join("; ");
        throw new PermanentProviderError(
          "invalid_output",
          `the rendered message is not valid: ${reason}`,
        );
      }
      return { output: parsed.data };
    },
  };
}
