import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createProviders } from "./registry";
import { insightRequest, never } from "./support/fixtures";
import type { ExportPayload } from "./types";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "providers-registry-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const payload: ExportPayload = {
  workspaceId: "ws1",
  campaignId: "c1",
  prospectId: "p1",
  stepId: "export",
  runId: "r",
  prospect: {},
  outputs: {},
};

describe("createProviders", () => {
  it("runs local providers by default and writes file exports under the data dir", async () => {
    const providers = createProviders({ dataDir: dir, secrets: () => undefined });
    const { output } = await providers
      .ai("insight")
      .generate(insightRequest({ domain: "northwind.io", title: "CEO" }), never());
    expect(output.insights[0]?.title).toBe("Northwind raised a $40M Series B");
    await providers.exportTarget({ type: "file", name: "sync" }).deliver(payload, "k1", never());
    expect(await readFile(join(dir, "exports/ws1/sync.jsonl"), "utf8")).toContain('"k1"');
  });

  it("reads the campaign's own signals file instead of the demo signals", async () => {
    await mkdir(join(dir, "signals/ws1"), { recursive: true });
    await writeFile(
      join(dir, "signals/ws1/c9.csv"),
      "domain,kind,title,date\nnorthwind.io,news,Northwind opened a Paris office,2026-11-01\n",
    );
    const providers = createProviders({ dataDir: dir, secrets: () => undefined });
    const request = {
      ...insightRequest({ domain: "northwind.io" }),
      workspaceId: "ws1",
      campaignId: "c9",
    };
    const { output } = await providers.ai("insight").generate(request, never());
    expect(output.insights.map((i) => i.title)).toEqual([
      "Northwind opened a Paris office",
      "northwind.io is a tech-forward company",
    ]);
  });

  it("fails runs permanently, naming the env var, when a secret or the LLM is not configured", async () => {
    const providers = createProviders({
      dataDir: dir,
      secrets: (name) => (name === "HOOK" ? undefined : "x"),
    });
    await expect(
      providers
        .exportTarget({ type: "webhook", url: "http://127.0.0.1:1/x", secretRef: "HOOK" })
        .deliver(payload, "k", never()),
    ).rejects.toMatchObject({
      retryable: false,
      message:
        "the webhook signing secret is not configured: set STUDIO_SECRET_HOOK on the export service",
    });
    const noToken = createProviders({ dataDir: dir, secrets: () => undefined });
    await expect(
      noToken
        .exportTarget({ type: "hubspot", tokenRef: "HUBSPOT_TOKEN", mode: "note" })
        .deliver(payload, "k", never()),
    ).rejects.toMatchObject({
      message: expect.stringContaining("STUDIO_SECRET_HUBSPOT_TOKEN"),
    });
    await expect(
      providers.ai("content", "llm").generate({} as never, never()),
    ).rejects.toMatchObject({
      code: "provider_error",
      retryable: false,
      message: expect.stringContaining("STUDIO_LLM_BASE_URL"),
    });
  });
});
