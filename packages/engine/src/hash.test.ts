import { CellSchema } from "@studio/contracts";
import { describe, expect, it } from "vitest";
import { toPublicCell } from "./cell-view";
import { canonicalJson, hashInputs, runIdFor } from "./hash";
import { resolveInputs } from "./inputs";
import { demoCampaign, Harness, prospect } from "./test-kit";

describe("hashing and inputs", () => {
  it("hashes canonical inputs: key order and undefined members do not matter", () => {
    const a = hashInputs({ prospect: { a: 1, b: [1, { y: 2, x: 1 }] }, upstream: {} });
    const b = hashInputs({
      upstream: {},
      prospect: { b: [1, { x: 1, y: 2 }], a: 1, c: undefined },
    });
    expect(a).toBe(b);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(canonicalJson([undefined, null])).toBe("[null,null]");
  });

  it("run ids are deterministic, URL-safe and short", () => {
    expect(runIdFor("x")).toBe(runIdFor("x"));
    expect(runIdFor("x")).not.toBe(runIdFor("y"));
    expect(runIdFor("x")).toMatch(/^r_[A-Za-z0-9_-]{22}$/);
  });

  it("resolves prospect fields (no ids, no CRM ids) and needed outputs, with overrides on top", () => {
    const h = new Harness(demoCampaign());
    h.add(prospect({ crm: { hubspot: "9" }, fields: { region: "EMEA" } }));
    h.succeed("insight", { insights: [] });
    h.apply({
      type: "cell.edit",
      stepId: "content",
      inputs: { prospect: { title: "CEO" }, instructions: "short" },
      commandId: "e",
    });
    const inputs = resolveInputs(h.campaign, h.row!, "content");
    expect(inputs).toEqual({
      prospect: {
        email: "ada@example.com",
        firstName: "Ada",
        title: "CEO",
        fields: { region: "EMEA" },
      },
      upstream: { insight: { insights: [] } },
      instructions: "short",
    });
  });

  it("toPublicCell strips the rules' memory and validates as a public Cell", () => {
    const h = new Harness(demoCampaign());
    h.add();
    const cell = toPublicCell(h.cell("insight"));
    expect("run" in cell || "lastInputs" in cell).toBe(false);
    expect(CellSchema.safeParse(cell).success).toBe(true);
  });
});
