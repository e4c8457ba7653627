import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isPermanentProviderError, isRetryableProviderError } from "../errors";
import { contentRequest, dana, insightRequest, never } from "../support/fixtures";
import { json, startServer, type TestServer } from "../support/test-server";
import { createLlmProvider } from "./llm-provider";

const completion = (content: string, usage = { prompt_tokens: 120, completion_tokens: 40 }) => ({
  id: "chatcmpl-1",
  object: "chat.completion",
  created: 1_764_000_000,
  model: "test-model-2026",
  choices: [{ index: 0, finish_reason: "stop", message: { role: "assistant", content } }],
  usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
});

const goodInsights = JSON.stringify({
  insights: [
    {
      kind: "funding",
      title: "Raised a Series B",
      detail: "New budget.",
      score: 0.9,
      reasoning: "extra keys are dropped",
    },
    { kind: "role", title: "VP of Sales", detail: "Owns the number.", score: 0.6 },
  ],
});

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

const llm = (timeoutMs = 2_000) =>
  createLlmProvider("insight", {
    baseUrl: `${server.url}/v1`,
    apiKey: "sk-test",
    model: "test-model",
    timeoutMs,
  });
const failure = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error("expected a failure");
    },
    (e: unknown) => e,
  );

describe("LLM provider (OpenAI-compatible wire format)", () => {
  it("sends a JSON-mode chat request with the prospect and returns the validated output with usage", async () => {
    server.handle((_req, res) => json(res, 200, completion(goodInsights)));
    const start = server.received.length;
    const { output, usage } = await llm().generate(
      insightRequest(dana, { prompt: "Focus on budget." }, { instructions: "Mention SaaStr." }),
      never(),
    );
    expect(output.insights.map((i) => i.title)).toEqual(["Raised a Series B", "VP of Sales"]);
    expect(usage).toMatchObject({
      promptTokens: 120,
      completionTokens: 40,
      model: "test-model-2026",
    });
    expect(usage?.latencyMs).toBeGreaterThanOrEqual(0);
    const req = server.received[start]!;
    expect(req.path).toBe("/v1/chat/completions");
    expect(req.headers.authorization).toBe("Bearer sk-test");
    const body = JSON.parse(req.body);
    expect(body).toMatchObject({ model: "test-model", response_format: { type: "json_object" } });
    const user = body.messages[1].content as string;
    expect(user).toContain("dana@northwind.io");
    expect(user).toContain("Focus on budget.");
    expect(user).toContain("Mention SaaStr.");
  });

  it("gives an insight prompt the campaign's signals about the prospect's company, newest first", async () => {
    server.handle((_req, res) => json(res, 200, completion(goodInsights)));
    const start = server.received.length;
    const signals = [
      {
        domain: "northwind.io",
        kind: "funding" as const,
        title: "Series B",
        detail: "",
        date: "2026-10-01",
      },
      {
        domain: "northwind.io",
        kind: "hiring" as const,
        title: "Hiring 12 AEs",
        detail: "",
        date: "2026-11-01",
      },
      {
        domain: "elsewhere.com",
        kind: "news" as const,
        title: "Unrelated",
        detail: "",
        date: "2026-11-02",
      },
    ];
    const withSignals = createLlmProvider("insight", {
      baseUrl: `${server.url}/v1`,
      model: "test-model",
      signals: () => signals,
    });
    await withSignals.generate(
      { ...insightRequest(dana), workspaceId: "w", campaignId: "c" },
      never(),
    );
    const user = JSON.parse(server.received[start]!.body).messages[1].content as string;
    expect(user).toContain("Hiring 12 AEs");
    expect(user.indexOf("Hiring 12 AEs")).toBeLessThan(user.indexOf("Series B"));
    expect(user).not.toContain("Unrelated");
  });

  it("repairs a malformed answer once and sums the usage of both calls", async () => {
    server.handle((_req, res, i) =>
      json(res, 200, completion(i % 2 === 0 ? "Sure! {insights: [" : goodInsights)),
    );
    server.received.length = 0;
    const { output, usage } = await llm().generate(insightRequest(dana), never());
    expect(output.insights).toHaveLength(2);
    expect(usage).toMatchObject({ promptTokens: 240, completionTokens: 80 });
    const repair = JSON.parse(server.received[1]!.body).messages;
    expect(repair).toHaveLength(4);
    expect(repair[3].content).toMatch(/not valid JSON/);
  });

  it("fails permanently with invalid_output when the answer violates the schema twice", async () => {
    server.handle((_req, res) =>
      json(
        res,
        200,
        completion(
          JSON.stringify({ insights: [{ kind: "news", title: "x", detail: "y", score: 7 }] }),
        ),
      ),
    );
    const err = await failure(llm().generate(insightRequest(dana), never()));
    expect(isPermanentProviderError(err)).toBe(true);
    expect(err).toMatchObject({ code: "invalid_output" });
    expect((err as Error).message).toMatch(/insights\.0\.score: .*1/);
  });

  it("maps 429 to a retryable rate-limit error that honours Retry-After", async () => {
    server.handle((_req, res) =>
      json(
        res,
        429,
        { error: { message: "Rate limit reached for requests", type: "requests" } },
        { "retry-after": "7" },
      ),
    );
    const err = await failure(llm().generate(insightRequest(dana), never()));
    expect(isRetryableProviderError(err)).toBe(true);
    expect(err).toMatchObject({ code: "provider_rate_limited", retryAfterMs: 7_000 });
    expect((err as Error).message).toMatch(/Rate limit reached for requests; retrying in 7 s/);
  });

  it("maps 500 to a retryable provider error, 400 to a permanent one with the server's message", async () => {
    server.handle((_req, res) => json(res, 500, { error: { message: "upstream overloaded" } }));
    expect(await failure(llm().generate(insightRequest(dana), never()))).toMatchObject({
      code: "provider_error",
      retryable: true,
      message: "the LLM provider failed (500): upstream overloaded",
    });
    server.handle((_req, res) => json(res, 400, { error: { message: "model 'nope' not found" } }));
    expect(await failure(llm().generate(insightRequest(dana), never()))).toMatchObject({
      code: "provider_error",
      retryable: false,
      message: "the LLM provider refused the request (400): model 'nope' not found",
    });
  });

  it("gives up on a slow answer with a retryable timeout", async () => {
    server.handle((_req, res) => {
      setTimeout(() => json(res, 200, completion(goodInsights)), 1_000);
    });
    const t0 = Date.now();
    const err = await failure(llm(200).generate(insightRequest(dana), never()));
    expect(err).toMatchObject({ code: "timeout", retryable: true });
    expect(Date.now() - t0).toBeLessThan(900);
  });

  it("stops when the caller aborts, without calling it a provider failure", async () => {
    server.handle((_req, res) => {
      setTimeout(() => json(res, 200, completion(goodInsights)), 1_000);
    });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 50);
    const err = await failure(llm().generate(insightRequest(dana), ac.signal));
    expect(err).toMatchObject({ name: "AbortError" });
  });

  it("reports an unreachable server as retryable", async () => {
    const gone = createLlmProvider("insight", { baseUrl: "http://127.0.0.1:1/v1", model: "m" });
    expect(await failure(gone.generate(insightRequest(dana), never()))).toMatchObject({
      code: "provider_error",
      retryable: true,
    });
  });

  it("writes content for the configured channel, whatever channel the model claims", async () => {
    server.handle((_req, res) =>
      json(
        res,
        200,
        completion(
          JSON.stringify({ channel: "email", subject: "no", body: "Hi Dana, quick note." }),
        ),
      ),
    );
    const writer = createLlmProvider("content", {
      baseUrl: `${server.url}/v1`,
      model: "m",
      responseFormat: "json_schema",
    });
    const { output } = await writer.generate(
      contentRequest("r1", { channel: "linkedin", provider: "llm" }),
      never(),
    );
    expect(output).toEqual({ channel: "linkedin", body: "Hi Dana, quick note." });
    const body = JSON.parse(server.received.at(-1)!.body);
    expect(body.response_format.type).toBe("json_schema");
    expect(body.response_format.json_schema.schema.properties.body).toBeTruthy();
  });
});
