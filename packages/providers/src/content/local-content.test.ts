import { ContentOutputSchema } from "@studio/contracts";
import { describe, expect, it } from "vitest";
import { isPermanentProviderError } from "../errors";
import { contentRequest, never } from "../support/fixtures";
import { checkTemplate, createLocalContentProvider } from "./local-content";

const provider = createLocalContentProvider();
const text = async (
  runId: string,
  ...rest: Parameters<typeof contentRequest> extends [string, ...infer R] ? R : never
) => {
  const { output } = await provider.generate(contentRequest(runId, ...rest), never());
  return ContentOutputSchema.parse(output);
};

describe("local content provider", () => {
  it("writes an email with a subject from the prospect and the top upstream insight", async () => {
    const out = await text("run-a");
    expect(out.channel).toBe("email");
    expect(out.subject).toBeTruthy();
    expect(out.body).toContain("Dana");
    expect(out.body).toContain("Northwind raised a $40M Series B");
    expect(out.body).not.toContain("P.S.");
  });

  it("gives the same text for the same run id and different wording across run ids", async () => {
    expect(await text("run-a")).toEqual(await text("run-a"));
    const bodies = new Set<string>();
    for (const id of ["r1", "r2", "r3", "r4", "r5", "r6"]) bodies.add((await text(id)).body);
    expect(bodies.size).toBeGreaterThanOrEqual(4);
  });

  it("uses tone and the user's instructions", async () => {
    const formal = await text("run-a", { tone: "formal" }, "We met at SaaStr last month.");
    expect(formal.body).toMatch(/^(Dear|Hello|Good day) Dana,/);
    expect(formal.body).toMatch(/(Kind regards|Best regards|Sincerely|With thanks)$/);
    expect(formal.body).toContain("P.S. We met at SaaStr last month.");
  });

  it("writes LinkedIn messages and call openers without a subject", async () => {
    const li = await text("run-a", { channel: "linkedin" });
    const call = await text("run-a", { channel: "call" });
    expect(li).not.toHaveProperty("subject");
    expect(li.channel).toBe("linkedin");
    expect(call.body).toMatch(/^Hi Dana, thanks for picking up\./);
    expect(call.body).not.toContain("()");
  });

  it("renders a custom template, taking its first line as the subject", async () => {
    const template =
      "Subject: For {{ first_name }} at {{ company }}\n\n{{ top_insight.title | upcase }} / {{ prospect.lastName }}";
    const out = await text("run-a", { template });
    expect(out).toEqual({
      channel: "email",
      subject: "For Dana at Northwind",
      body: "NORTHWIND RAISED A $40M SERIES B / Reyes",
    });
  });

  it("fails permanently with Liquid's message on a syntax error, an unknown filter or a file include", async () => {
    for (const [template, message] of [
      ["{% if %}oops", /template error: invalid value expression/],
      ["{{ first_name | shout }}", /template error: undefined filter: shout/],
      ['{% include "/etc/passwd" %}', /template error: ENOENT/],
    ] as const) {
      const err = await provider
        .generate(contentRequest("r", { template }), never())
        .catch((e: unknown) => e);
      expect(isPermanentProviderError(err)).toBe(true);
      expect((err as Error).message).toMatch(message);
    }
    expect(checkTemplate("{% if %}")).toMatch(/invalid value expression/);
    expect(checkTemplate("Hi {{ first_name }}")).toBeUndefined();
  });

  it("refuses a template that renders nothing", async () => {
    const err = await provider
      .generate(contentRequest("r", { template: "{% if false %}x{% endif %}" }), never())
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "invalid_output", retryable: false });
  });
});
