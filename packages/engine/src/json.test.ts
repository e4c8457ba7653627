import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalJson } from "./hash";
import { cloneJson, jsonEqual } from "./json";

const json = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    fc.constantFrom(null, undefined, 0, 1, -0, Number.NaN, "", "a", true, false),
    fc.string({ maxLength: 3 }),
    fc.integer({ min: -3, max: 3 }),
    fc.array(tie("value"), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom("a", "b", "c"), tie("value"), { maxKeys: 3 }),
  ),
})).value;

describe("jsonEqual and cloneJson", () => {
  it("agree with comparing canonical JSON", () => {
    fc.assert(
      fc.property(json, json, (a, b) => {
        expect(jsonEqual(a, b)).toBe(canonicalJson(a) === canonicalJson(b));
        expect(jsonEqual(a, cloneJson(a))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it("ignores key order and undefined members, not nesting", () => {
    expect(jsonEqual({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toBe(true);
    expect(jsonEqual({ a: 1, x: undefined }, { a: 1 })).toBe(true);
    expect(jsonEqual({ a: [] }, { a: {} })).toBe(false);
    expect(jsonEqual([undefined], [null])).toBe(true);
  });

  it("copies deeply", () => {
    const v = { a: [{ b: 1 }] };
    const c = cloneJson(v);
    c.a[0]!.b = 2;
    expect(v.a[0]!.b).toBe(1);
  });
});
