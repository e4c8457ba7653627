import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FakeHubspot, startFakeHubspot } from "../support/fake-hubspot";
import { never } from "../support/fixtures";
import type { ExportPayload } from "../types";
import { createHubspotTarget } from "./hubspot";

const payload: ExportPayload = {
  workspaceId: "ws1",
  campaignId: "c1",
  prospectId: "p1",
  stepId: "export",
  runId: "run-1",
  prospect: { email: "dana@northwind.io", firstName: "Dana" },
  outputs: {
    insight: { insights: [{ kind: "funding", title: "Raised <$40M>", detail: "", score: 0.9 }] },
    content: { channel: "email", subject: "Idea for Northwind", body: "Hi Dana,\n\nQuick note." },
  },
};

let hub: FakeHubspot;
beforeEach(async () => {
  hub = await startFakeHubspot();
});
afterEach(() => hub.close());

const failure = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error("expected a failure");
    },
    (e: unknown) => e,
  );

describe("HubSpot target", () => {
  it("finds the contact by email and adds a note associated to it, carrying the idempotency key", async () => {
    const target = createHubspotTarget({
      token: "pat-test",
      baseUrl: hub.url,
      mode: "note",
      now: () => new Date("2026-11-25T10:00:00Z"),
    });
    expect(await target.deliver(payload, "key-123", never())).toEqual({ externalId: "9000" });
    const [note] = hub.notes;
    expect(note).toMatchObject({ contactId: "501", associationTypeId: 202 });
    expect(note?.properties.hs_timestamp).toBe("2026-11-25T10:00:00.000Z");
    const body = note?.properties.hs_note_body ?? "";
    expect(body).toContain("<strong>Idea for Northwind</strong>");
    expect(body).toContain("<p>Hi Dana,</p><p>Quick note.</p>");
    expect(body).toContain("<li>Raised &lt;$40M&gt;</li>");
    expect(body).toContain("Prospect Studio ref key-123");
    expect(hub.server.received.map((r) => `${r.method} ${r.path}`)).toEqual([
      "POST /crm/v3/objects/contacts/search",
      "POST /crm/v3/objects/notes",
    ]);
  });

  it("sets mapped contact properties, using the prospect's HubSpot id when it has one", async () => {
    const target = createHubspotTarget({
      token: "pat-test",
      baseUrl: hub.url,
      mode: "properties",
      properties: {
        subject: "last_outreach_subject",
        "content.body": "last_outreach_body",
        idempotencyKey: "studio_export_key",
        missing: "never_set",
      },
    });
    const result = await target.deliver(
      { ...payload, prospect: { ...payload.prospect, crm: { hubspot: "501" } } },
      "key-9",
      never(),
    );
    expect(result).toEqual({ externalId: "501" });
    expect(hub.contacts.get("501")?.properties).toEqual({
      last_outreach_subject: "Idea for Northwind",
      last_outreach_body: "Hi Dana,\n\nQuick note.",
      studio_export_key: "key-9",
    });
    expect(hub.server.received.map((r) => r.method)).toEqual(["PATCH"]);
  });

  it("waits out a SECONDLY 429 instead of failing", async () => {
    hub.rateLimits.push("SECONDLY");
    const target = createHubspotTarget({ token: "pat-test", baseUrl: hub.url, mode: "note" });
    const t0 = Date.now();
    expect(await target.deliver(payload, "k", never())).toEqual({ externalId: "9000" });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(950);
    expect(hub.server.received).toHaveLength(3);
  });

  it("fails a DAILY 429 as retryable with a long wait", async () => {
    hub.rateLimits.push("DAILY");
    const target = createHubspotTarget({ token: "pat-test", baseUrl: hub.url, mode: "note" });
    const err = await failure(target.deliver(payload, "k", never()));
    expect(err).toMatchObject({ code: "target_error", retryable: true, retryAfterMs: 3_600_000 });
    expect((err as Error).message).toMatch(/daily API limit/);
  });

  it("explains a missing contact, a refused token and a bad property permanently", async () => {
    const note = (token: string) =>
      createHubspotTarget({ token, baseUrl: hub.url, mode: "note", tokenRef: "HUBSPOT_TOKEN" });
    expect(
      await failure(
        note("pat-test").deliver({ ...payload, prospect: { email: "nobody@x.io" } }, "k", never()),
      ),
    ).toMatchObject({
      retryable: false,
      message: "no HubSpot contact has the email nobody@x.io; create the contact in HubSpot first",
    });
    expect(await failure(note("wrong").deliver(payload, "k", never()))).toMatchObject({
      retryable: false,
      message:
        "HubSpot refused the token (401): Authentication credentials not found. (check STUDIO_SECRET_HUBSPOT_TOKEN)",
    });
    const props = createHubspotTarget({
      token: "pat-test",
      baseUrl: hub.url,
      mode: "properties",
      properties: { subject: "unknown_prop" },
    });
    expect(await failure(props.deliver(payload, "k", never()))).toMatchObject({
      retryable: false,
      message: 'HubSpot refused the request (400): Property "unknown_prop" does not exist',
    });
    const nothing = createHubspotTarget({
      token: "pat-test",
      baseUrl: hub.url,
      mode: "properties",
      properties: { nope: "x" },
    });
    expect(await failure(nothing.deliver(payload, "k", never()))).toMatchObject({
      message: "nothing to write to HubSpot: none of nope is in the upstream outputs",
    });
  });
});
