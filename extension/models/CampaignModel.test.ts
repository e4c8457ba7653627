import { describe, expect, it } from "vitest";
import { ada, campaign, cell, modelWith, row } from "../test-support/data";
import { createCampaignModel } from "./CampaignModel";

describe("campaign model", () => {
  it("keeps a newer cell that overtook the snapshot", () => {
    const m = createCampaignModel();
    m.apply({
      kind: "snapshot",
      first: true,
      last: true,
      campaign,
      rows: [row(ada, [cell("insight", "queued", { version: 1 })])],
    });
    m.apply({ kind: "cells", campaignId: "c1", cells: [cell("insight", "done", { version: 5 })] });
    m.apply({
      kind: "snapshot",
      first: true,
      last: true,
      campaign,
      rows: [row(ada, [cell("insight", "running", { version: 3 })])],
    });
    expect(m.row("p1").value?.cells.insight?.state).toBe("done");
  });

  it("matches rows by prospect id, email (any case) and CRM id", () => {
    const m = modelWith([row(ada, [])]);
    expect(m.match({ key: "a", prospectId: "p1", fields: {} })).toBe("p1");
    expect(m.match({ key: "b", email: "ada@engines.example", fields: {} })).toBe("p1");
    expect(m.match({ key: "c", crm: { system: "hubspot", id: "51" }, fields: {} })).toBe("p1");
    expect(
      m.match({ key: "d", crm: { system: "pipedrive", id: "51" }, fields: {} }),
    ).toBeUndefined();
  });

  it("ignores events of another campaign and resets on a campaign switch", () => {
    const m = modelWith([row(ada, [cell("insight", "done")])]);
    m.apply({
      kind: "cells",
      campaignId: "other",
      cells: [cell("insight", "failed", { version: 9 })],
    });
    expect(m.row("p1").value?.cells.insight?.state).toBe("done");
    m.apply({
      kind: "snapshot",
      first: true,
      last: true,
      campaign: { ...campaign, id: "c2" },
      rows: [],
    });
    expect(m.row("p1").value).toBeUndefined();
    expect(m.match({ key: "b", email: "ada@engines.example", fields: {} })).toBeUndefined();
  });

  it("takes a snapshot in parts and is loaded only after the last one", () => {
    const m = createCampaignModel();
    const grace = { ...ada, id: "p2", email: "grace@navy.example", crm: {} };
    m.apply({ kind: "snapshot", first: true, last: false, campaign, rows: [row(ada, [])] });
    expect(m.loaded.value).toBe(false);
    m.apply({ kind: "snapshot", first: false, last: true, campaign, rows: [row(grace, [])] });
    expect(m.loaded.value).toBe(true);
    expect(m.order.value).toEqual(["p1", "p2"]);
    expect(m.match({ key: "g", email: "grace@navy.example", fields: {} })).toBe("p2");
  });

  it("counts cells per step and state", () => {
    const m = modelWith([row(ada, [cell("insight", "done"), cell("content", "ready")])]);
    expect(m.counts.value).toEqual({ insight: { done: 1 }, content: { ready: 1 }, export: {} });
  });
});
