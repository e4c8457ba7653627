import { describe, expect, it } from "vitest";
import { readStepConfig } from "./step-config";

describe("step service config", () => {
  it("reads per-service limits as requests per second / in flight", () => {
    const config = readStepConfig({ STUDIO_LIMIT_WEBHOOK: "20/8", STUDIO_SECRET_HOOK: "whsec_x" });
    expect(config.limits).toEqual({ webhook: { ratePerSecond: 20, maxInFlight: 8 } });
    expect(config.secret("HOOK")).toBe("whsec_x");
  });

  it("fails fast with the variable's name on a malformed limit", () => {
    expect(() => readStepConfig({ STUDIO_LIMIT_LLM: "fast" })).toThrow(/STUDIO_LIMIT_LLM/);
  });

  it("configures the LLM only when a base URL is set", () => {
    expect(readStepConfig({}).llm).toBeUndefined();
    expect(readStepConfig({ STUDIO_LLM_BASE_URL: "http://127.0.0.1:11434/v1" }).llm).toMatchObject({
      model: "gpt-4o-mini",
    });
  });
});
