// AI provider for any OpenAI-compatible chat API (OpenAI, Ollama, vLLM, LM Studio): JSON
// answers validated against the kind's schema, one repair round, errors mapped for retries.
import { DEFAULT_TIMEOUT_MS, type Signal, type Usage } from "@studio/contracts";
import OpenAI from "openai";
import type { ChatCompletionMessageParam } from "openai/resources/chat/completions";
import { abortError, PermanentProviderError, RetryableProviderError } from "../errors";
import type { SignalSource } from "../insight/local-insight";
import { readProfile } from "../insight/profile";
import { callerTimedOut, deadline } from "../support/deadline";
import type { AiKind, AiProvider, GenerateRequest, GenerateResult } from "../types";
import { readAnswer } from "./answer";
import { mapLlmError } from "./errors";
import { type AnyGenerateRequest, buildMessages, OutputJsonSchemas } from "./prompt";

export interface LlmProviderOptions {
  baseUrl: string;
  /** Local servers (Ollama, LM Studio) accept any key. */
  apiKey?: string;
  model: string;
  /** Per HTTP call; default: the step's `timeoutMs`, else 30 s. */
  timeoutMs?: number;
  /** `json_schema` where the server supports structured output; `json_object` works almost everywhere. */
  responseFormat?: "json_object" | "json_schema";
  /** The campaign's signals: insight prompts get those about the prospect's company. */
  signals?: SignalSource;
}

/** At most this many signals go into a prompt, newest first: context, not a data dump. */
const MAX_PROMPT_SIGNALS = 10;

async function companySignals(
  source: SignalSource | undefined,
  request: AnyGenerateRequest,
): Promise<readonly Signal[]> {
  if (source === undefined || request.kind !== "insight") return [];
  const domain = readProfile(request.inputs.prospect).domain;
  if (domain === undefined) return [];
  const all = await source({
    ...(request.workspaceId === undefined ? {} : { workspaceId: request.workspaceId }),
    ...(request.campaignId === undefined ? {} : { campaignId: request.campaignId }),
  });
  return all
    .filter((x) => x.domain === domain)
    .sort((a, b) => b.date.localeCompare(a.date))
    .slice(0, MAX_PROMPT_SIGNALS);
}

export function createLlmProvider<K extends AiKind>(
  kind: K,
  options: LlmProviderOptions,
): AiProvider<K> {
  // Our harness owns retries (step policy, Retry-After, attempt counts): the SDK must not add its own.
  const client = new OpenAI({
    baseURL: options.baseUrl,
    apiKey: options.apiKey || "unused",
    maxRetries: 0,
  });
  const responseFormat =
    options.responseFormat === "json_schema"
      ? {
          type: "json_schema" as const,
          json_schema: { name: `${kind}_output`, schema: OutputJsonSchemas[kind], strict: false },
        }
      : { type: "json_object" as const };

  async function complete(
    messages: ChatCompletionMessageParam[],
    timeoutMs: number,
    signal: AbortSignal,
  ) {
    const limit = deadline(signal, timeoutMs);
    try {
      return await client.chat.completions.create(
        { model: options.model, messages, response_format: responseFormat },
        // The SDK's timeout only covers the response headers; ours (the signal) covers the body too.
        { signal: limit.signal, timeout: timeoutMs + 1_000, maxRetries: 0 },
      );
    } catch (err) {
      if (limit.timedOut() || callerTimedOut(signal)) {
        throw new RetryableProviderError(
          "timeout",
          `the LLM did not answer within ${timeoutMs} ms`,
          undefined,
          { cause: err },
        );
      }
      if (signal.aborted) throw abortError(signal);
      throw mapLlmError(err, options.baseUrl, timeoutMs);
    } finally {
      limit.clear();
    }
  }

  async function generate(request: AnyGenerateRequest, signal: AbortSignal) {
    if (signal.aborted) throw abortError(signal);
    const timeoutMs = options.timeoutMs ?? request.step.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const signals = await companySignals(options.signals, request);
    const messages: ChatCompletionMessageParam[] = buildMessages(request, signals);
    const started = performance.now();
    const usage: Usage = { promptTokens: 0, completionTokens: 0, model: options.model };
    let reason = "";
    // Two rounds: the answer, then one repair that shows the model what was wrong with it.
    for (let round = 0; round < 2; round++) {
      const completion = await complete(messages, timeoutMs, signal);
      usage.promptTokens = (usage.promptTokens ?? 0) + (completion.usage?.prompt_tokens ?? 0);
      usage.completionTokens =
        (usage.completionTokens ?? 0) + (completion.usage?.completion_tokens ?? 0);
      if (completion.model) usage.model = completion.model.slice(0, 200);
      const choice = completion.choices[0];
      const answer = readAnswer(request, choice?.message.content);
      if (answer.ok) {
        usage.latencyMs = Math.round(performance.now() - started);
        return { output: answer.output, usage };
      }
      reason =
        choice?.finish_reason === "length"
          ? `${answer.reason} (the answer was cut off at the token limit)`
          : answer.reason;
      messages.push(
        { role: "assistant", content: choice?.message.content ?? "" },
        {
          role: "user",
          content: `That answer is not valid: ${reason}. Reply again with only the corrected JSON object.`,
        },
      );
    }
    throw new PermanentProviderError(
      "invalid_output",
      `the model's answer was not valid, even after a repair attempt: ${reason}`,
    );
  }

  return {
    kind,
    generate: (request: GenerateRequest<K>, signal: AbortSignal) =>
      generate(request as AnyGenerateRequest, signal) as Promise<GenerateResult<K>>,
  };
}
