// The contract every export target keeps (CONVENTIONS: one shared suite over every
// implementation): it delivers the payload with its idempotency key, reports failures as
// provider errors, and delivers nothing when the caller already gave up.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isProviderError } from "../errors";
import { startFakeHubspot } from "../support/fake-hubspot";
import { never } from "../support/fixtures";
import { json, startServer } from "../support/test-server";
import type { ExportPayload, ExportTarget } from "../types";
import { createFileSink } from "./file-sink";
import { createHubspotTarget } from "./hubspot";
import { createWebhookTarget } from "./webhook";

interface Fixture {
  /** A target that works. */
  target: ExportTarget;
  /** A target whose other side fails. */
  broken: ExportTarget;
  /** What the other side received, as text, one entry per delivery. */
  delivered(): Promise<string[]>;
  close(): Promise<void>;
}

const payload: ExportPayload = {
  workspaceId: "ws1",
  campaignId: "c1",
  prospectId: "p1",
  stepId: "export",
  runId: "run-1",
  prospect: { email: "dana@northwind.io" },
  outputs: { content: { channel: "email", subject: "Idea", body: "Hello Dana" } },
};

const fixtures: Record<string, () => Promise<Fixture>> = {
  async file() {
    const dir = await mkdtemp(join(tmpdir(), "providers-contract-"));
    const file = join(dir, "exports/ws1/c1.jsonl");
    // A data dir that is a regular file: every write fails.
    await writeFile(join(dir, "blocker"), "");
    return {
      target: createFileSink({ dataDir: dir }),
      broken: createFileSink({ dataDir: join(dir, "blocker") }),
      delivered: async () =>
        (await readFile(file, "utf8").catch(() => "")).split("\n").filter(Boolean),
      close: () => rm(dir, { recursive: true, force: true }),
    };
  },
  async webhook() {
    const server = await startServer((req, res) =>
      json(res, req.path === "/broken" ? 500 : 204, {}),
    );
    return {
      target: createWebhookTarget({ url: `${server.url}/ok` }),
      broken: createWebhookTarget({ url: `${server.url}/broken` }),
      delivered: async () =>
        server.received
          .filter((r) => r.path === "/ok")
          .map((r) => `${r.headers["webhook-id"]} ${r.body}`),
      close: () => server.close(),
    };
  },
  async hubspot() {
    const hub = await startFakeHubspot();
    return {
      target: createHubspotTarget({ token: "pat-test", baseUrl: hub.url, mode: "note" }),
      broken: createHubspotTarget({ token: "revoked", baseUrl: hub.url, mode: "note" }),
      delivered: async () => hub.notes.map((n) => n.properties.hs_note_body ?? ""),
      close: () => hub.close(),
    };
  },
};

describe.each(Object.keys(fixtures))("export target contract: %s", (name) => {
  let f: Fixture;
  beforeEach(async () => {
    f = await fixtures[name]!();
  });
  afterEach(() => f.close());

  it("delivers the payload once per call, carrying the idempotency key", async () => {
    const result = await f.target.deliver(payload, "ws1.c1.p1.export.h1", never());
    expect(f.target.type).toBe(name);
    if (result.externalId !== undefined) expect(typeof result.externalId).toBe("string");
    const delivered = await f.delivered();
    expect(delivered).toHaveLength(1);
    expect(delivered[0]).toContain("ws1.c1.p1.export.h1");
    expect(delivered[0]).toContain("Hello Dana");
  });

  it("delivers nothing when the caller has already aborted", async () => {
    const ac = new AbortController();
    ac.abort();
    await expect(f.target.deliver(payload, "k", ac.signal)).rejects.toMatchObject({
      name: "AbortError",
    });
    expect(await f.delivered()).toEqual([]);
  });

  it("reports a failing receiver as a provider error with a code and a message", async () => {
    const err = await f.broken.deliver(payload, "k", never()).catch((e: unknown) => e);
    expect(isProviderError(err)).toBe(true);
    expect(err).toMatchObject({
      code: expect.stringMatching(/^(target_error|target_gone|timeout)$/),
    });
    expect((err as Error).message.length).toBeGreaterThan(10);
  });
});
