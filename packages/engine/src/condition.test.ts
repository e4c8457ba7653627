import { describe, expect, it } from "vitest";
import { describeCondition, evaluateCondition } from "./condition";

const scope = {
  prospect: { title: "VP Sales", fields: { region: "EMEA", seats: 40 }, email: "a@x.io" },
  steps: { insight: { insights: [{ kind: "funding", score: 0.8 }], top: "funding" } },
};

describe("evaluateCondition", () => {
  it("reads prospect fields, custom fields and upstream outputs by path", () => {
    expect(evaluateCondition({ field: "title", op: "contains", value: "vp" }, scope)).toBe(true);
    expect(evaluateCondition({ field: "fields.region", op: "eq", value: "emea" }, scope)).toBe(
      true,
    );
    expect(evaluateCondition({ field: "fields.seats", op: "gt", value: 10 }, scope)).toBe(true);
    expect(evaluateCondition({ field: "fields.seats", op: "lt", value: "10" }, scope)).toBe(false);
    expect(
      evaluateCondition({ field: "steps.insight.insights.0.score", op: "gt", value: 0.5 }, scope),
    ).toBe(true);
    expect(evaluateCondition({ field: "steps.insight.top", op: "neq", value: "news" }, scope)).toBe(
      true,
    );
    expect(evaluateCondition({ field: "phone", op: "missing" }, scope)).toBe(true);
    expect(evaluateCondition({ field: "email", op: "exists" }, scope)).toBe(true);
    expect(evaluateCondition({ field: "steps.nope.x", op: "exists" }, scope)).toBe(false);
  });

  it("combines with all/any", () => {
    const c = {
      all: [
        { field: "title", op: "contains" as const, value: "VP" },
        {
          any: [
            { field: "fields.region", op: "eq" as const, value: "US" },
            { field: "email", op: "matches" as const, value: "@x\\.io$" },
          ],
        },
      ],
    };
    expect(evaluateCondition(c, scope)).toBe(true);
    expect(describeCondition(c)).toBe(
      'title contains "VP" and (fields.region eq "US" or email matches "@x\\\\.io$")',
    );
  });

  it("matches never throws and refuses invalid, long or backtracking-prone patterns", () => {
    expect(evaluateCondition({ field: "title", op: "matches", value: "([" }, scope)).toBe(false);
    expect(
      evaluateCondition({ field: "title", op: "matches", value: "a".repeat(500) }, scope),
    ).toBe(false);
    expect(evaluateCondition({ field: "title", op: "matches", value: "(a+)+$" }, scope)).toBe(
      false,
    );
    expect(evaluateCondition({ field: "title", op: "matches", value: "^vp" }, scope)).toBe(true);
  });

  it("does not reach prototype properties", () => {
    expect(evaluateCondition({ field: "title.constructor", op: "exists" }, scope)).toBe(false);
    expect(evaluateCondition({ field: "__proto__", op: "exists" }, scope)).toBe(false);
  });
});
