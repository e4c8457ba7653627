import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { never } from "../support/fixtures";
import type { ExportPayload } from "../types";
import { createFileSink } from "./file-sink";

const payload: ExportPayload = {
  workspaceId: "ws1",
  campaignId: "c1",
  prospectId: "p1",
  stepId: "export",
  runId: "run-1",
  prospect: { email: "dana@northwind.io" },
  outputs: { content: { channel: "email", subject: "Hi", body: "Hello Dana" } },
};

describe("file sink", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "providers-file-"));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it("appends one JSON line per delivery to exports/<workspace>/<campaign>.jsonl", async () => {
    const sink = createFileSink({ dataDir: dir, now: () => new Date("2026-11-25T10:00:00.000Z") });
    const result = await sink.deliver(payload, "key-1", never());
    await sink.deliver({ ...payload, prospectId: "p2" }, "key-2", never());
    const lines = (await readFile(join(dir, "exports/ws1/c1.jsonl"), "utf8")).split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe("");
    expect(JSON.parse(lines[0]!)).toEqual({
      idempotencyKey: "key-1",
      deliveredAt: "2026-11-25T10:00:00.000Z",
      workspaceId: "ws1",
      campaignId: "c1",
      prospectId: "p1",
      stepId: "export",
      payload: { runId: "run-1", prospect: payload.prospect, outputs: payload.outputs },
    });
    expect(JSON.parse(lines[1]!).prospectId).toBe("p2");
    expect(result.externalId).toBe("exports/ws1/c1.jsonl#key-1");
  });

  it("writes to the configured file name, and refuses one that would leave the data dir", async () => {
    await createFileSink({ dataDir: dir, name: "crm-sync" }).deliver(payload, "k", never());
    expect(await readFile(join(dir, "exports/ws1/crm-sync.jsonl"), "utf8")).toContain('"k"');
    const bad = createFileSink({ dataDir: dir, name: "../../etc" });
    await expect(bad.deliver(payload, "k", never())).rejects.toMatchObject({
      code: "target_error",
      retryable: false,
    });
  });
});
