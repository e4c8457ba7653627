import { describe, expect, it } from "vitest";
import { validateSteps } from "./graph";
import { step } from "./test-kit";

describe("validateSteps", () => {
  it("accepts needs that point left", () => {
    expect(validateSteps([step("a", "insight"), step("b", "content", { needs: ["a"] })])).toEqual({
      ok: true,
    });
  });

  it("refuses duplicates, unknown ids, self-needs, right-pointing needs and cycles with paths", () => {
    const r = validateSteps([
      step("a", "insight", { needs: ["c"] }),
      step("b", "content", { needs: ["b", "zzz"] }),
      step("c", "export", { needs: ["a", "a"] }),
      step("a", "insight"),
    ]);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.path)).toEqual([
      "steps.3.id",
      "steps.0.needs.0",
      "steps.1.needs.0",
      "steps.1.needs.1",
      "steps.2.needs.1",
    ]);
    expect(r.errors[1]!.message).toContain("cycle");
    expect(r.errors[2]!.message).toContain("cannot need itself");
    expect(r.errors[3]!.message).toContain("not a step");
  });

  it("explains a need to the right that is not a cycle", () => {
    const r = validateSteps([step("a", "insight", { needs: ["b"] }), step("b", "content")]);
    expect(r).toEqual({
      ok: false,
      errors: [
        {
          path: "steps.0.needs.0",
          message: '"b" comes after "a": a step may only need steps to its left',
        },
      ],
    });
  });
});
