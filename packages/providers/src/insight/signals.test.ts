import { describe, expect, it } from "vitest";
import { parseSignals } from "./signals";

describe("parseSignals", () => {
  it("reads CSV with a header row, quoted commas and newlines, and reports a bad row by line", () => {
    const csv = [
      "domain,kind,title,detail,date,sourceUrl",
      'https://www.Acme.io/about,funding,"Acme raised $5M, led by X","Line one',
      'line two",2026-05-01,https://acme.io/news',
      "acme.io,gossip,Something,,2026-05-02,",
      "acme.io,hiring,Hiring SREs,,2026-05-03,",
    ].join("\n");
    const { signals, errors } = parseSignals(csv);
    expect(signals).toEqual([
      {
        domain: "acme.io",
        kind: "funding",
        title: "Acme raised $5M, led by X",
        detail: "Line one\nline two",
        date: "2026-05-01",
        sourceUrl: "https://acme.io/news",
      },
      { domain: "acme.io", kind: "hiring", title: "Hiring SREs", detail: "", date: "2026-05-03" },
    ]);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.row).toBe(4);
    expect(errors[0]?.message).toMatch(/^kind: /);
  });

  it("reads a JSON array and names the bad item and field", () => {
    const json = JSON.stringify([
      { domain: "acme.io", kind: "news", title: "Launch", date: "2026-01-02" },
      { domain: "acme.io", kind: "news", title: "Launch", date: "yesterday" },
    ]);
    const { signals, errors } = parseSignals(json);
    expect(signals).toHaveLength(1);
    expect(errors).toEqual([{ row: 2, message: "date: must be a date such as 2026-05-01" }]);
  });

  it("refuses a CSV with unknown columns and invalid JSON with a readable reason", () => {
    expect(parseSignals("domain,kind,headline\nacme.io,news,x").errors[0]?.message).toMatch(
      /unknown column\(s\) headline/,
    );
    expect(parseSignals("[{").errors[0]?.message).toMatch(/not valid JSON/);
  });
});
