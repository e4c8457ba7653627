import { InsightOutputSchema } from "@studio/contracts";
import { describe, expect, it } from "vitest";
import { dana, insightRequest, never } from "../support/fixtures";
import { demoSignals } from "./demo-signals";
import { createLocalInsightProvider } from "./local-insight";

const provider = createLocalInsightProvider({ signals: () => demoSignals });

describe("local insight provider", () => {
  it("ranks the company's recent, role-relevant signals first and returns maxInsights valid insights", async () => {
    const { output } = await provider.generate(insightRequest(dana), never());
    expect(InsightOutputSchema.parse(output).insights).toHaveLength(3);
    const [first, second] = output.insights;
    // A VP of Sales: new budget for go-to-market first, then the sales hiring push.
    expect(first).toMatchObject({ kind: "funding", title: "Northwind raised a $40M Series B" });
    expect(first?.source).toBe("https://news.example.com/northwind-series-b");
    expect(second).toMatchObject({
      kind: "hiring",
      title: "Northwind is hiring 12 account executives",
    });
    for (const i of output.insights) expect(i.score).toBeGreaterThanOrEqual(0);
    const scores = output.insights.map((i) => i.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it("gives the same output for the same input", async () => {
    const a = await provider.generate(insightRequest(dana, { maxInsights: 5 }), never());
    const b = await provider.generate(
      { ...insightRequest(dana, { maxInsights: 5 }), runId: "other" },
      never(),
    );
    expect(b).toEqual(a);
  });

  it("reads seniority, company size and domain from fields when there are no signals", async () => {
    const prospect = {
      email: "sam@gmail.com",
      title: "Co-Founder & CEO",
      company: "Tiny Labs",
      fields: { employees: 12 },
    };
    const { output } = await provider.generate(
      insightRequest(prospect, { maxInsights: 5 }),
      never(),
    );
    expect(output.insights.map((i) => i.title)).toEqual([
      "C-level executive: Co-Founder & CEO",
      "Startup with about 12 employees",
      "Only a personal email address is known",
    ]);
  });

  it("favours the signal kind the instructions ask for", async () => {
    const plain = await provider.generate(insightRequest({ ...dana, title: "Engineer" }), never());
    const focused = await provider.generate(
      insightRequest(
        { ...dana, title: "Engineer" },
        {},
        { instructions: "mention that they are hiring" },
      ),
      never(),
    );
    expect(plain.output.insights[0]?.kind).toBe("funding");
    expect(focused.output.insights[0]?.kind).toBe("hiring");
  });

  it("flags a work email whose domain differs from the company domain", async () => {
    const { output } = await provider.generate(
      insightRequest(
        {
          email: "kim@parent-group.com",
          domain: "helio-energy.com",
          title: "Director of Operations",
        },
        { maxInsights: 10 },
      ),
      never(),
    );
    expect(output.insights.map((i) => i.title)).toContain(
      "Email domain parent-group.com differs from helio-energy.com",
    );
  });

  it("rejects at once when the signal is already aborted", async () => {
    const ac = new AbortController();
    ac.abort();
    await expect(provider.generate(insightRequest(dana), ac.signal)).rejects.toMatchObject({
      name: "AbortError",
    });
  });
});
