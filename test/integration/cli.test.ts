// `pnpm studio` as a user runs it: a subprocess, its output and exit code; admin tasks against a
// real nats-server, gateway commands against an address where nothing listens.
import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hashToken } from "@studio/admin";
import { connectBus, openStore } from "@studio/bus";
import { Buckets, Keys, TokenRecordSchema } from "@studio/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../support/free-port";
import { type NatsServer, startNatsServer } from "../support/nats-server";

const ROOT = join(import.meta.dirname, "../..");
const STUDIO_VARS = ["NATS_URL", "STUDIO_GATEWAY_URL", "STUDIO_TOKEN"];

type Result = { code: number | null; stdout: string; stderr: string };

function studio(args: string[], env: Record<string, string> = {}): Promise<Result> {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !STUDIO_VARS.includes(k)),
  );
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "services/cli/src/main.ts", ...args],
      { cwd: ROOT, env: { ...base, ...env }, stdio: ["ignore", "pipe", "pipe"] },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stdout, stderr }));
  });
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "studio-cli-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("pnpm studio: usage", () => {
  it("--help exits 0 and lists every command", async () => {
    const r = await studio(["--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Usage: pnpm studio <command>");
    for (const c of [
      "token create",
      "campaign apply",
      "prospects import",
      "run",
      "stop",
      "events",
    ]) {
      expect(r.stdout).toContain(c);
    }
  });

  it("each command has its own --help", async () => {
    const r = await studio(["campaign", "apply", "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Usage: pnpm studio campaign apply FILE");
  });

  it("an unknown command exits 2 and says so without a stack trace", async () => {
    const r = await studio(["frobnicate"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown command 'frobnicate'");
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("a missing required option exits 2 and points to the command's help", async () => {
    const r = await studio(["token", "create", "--workspace", "acme"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--user is required");
    expect(r.stderr).toContain("pnpm studio token create --help");
  });
});

describe("pnpm studio token create", () => {
  let nats: NatsServer;
  beforeAll(async () => {
    nats = await startNatsServer();
  });
  afterAll(async () => {
    await nats?.stop();
  });

  it("prints only a token, whose hash is stored with the workspace and user", async () => {
    const r = await studio(
      ["token", "create", "--workspace", "acme", "--user", "ops", "--user-name", "Ops Team"],
      { NATS_URL: nats.url },
    );
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const token = r.stdout.trim();
    expect(token).toMatch(/^\S+$/);
    expect(r.stdout).toBe(`${token}\n`);

    const bus = await connectBus({ servers: nats.url, name: "cli-test" });
    try {
      const store = await openStore(bus, Buckets.tokens, TokenRecordSchema);
      const entry = await store.get(Keys.token(hashToken(token)));
      expect(entry?.value).toMatchObject({
        workspace: { id: "acme", name: "acme" },
        user: { id: "ops", name: "Ops Team" },
      });
    } finally {
      await bus.close();
    }
  });

  it("an unreachable NATS exits 1 naming the address", async () => {
    const url = `nats://127.0.0.1:${await freePort()}`;
    const r = await studio(["token", "create", "--workspace", "a", "--user", "b"], {
      NATS_URL: url,
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`cannot reach NATS at ${url}`);
  });
});

describe("pnpm studio against the gateway", () => {
  it("campaign apply with an invalid file exits 1 and prints the field paths", async () => {
    const file = join(dir, "bad.yaml");
    await writeFile(
      file,
      [
        "id: bad-campaign",
        "name: Bad",
        "steps:",
        "  - { id: insight, name: Insights, kind: insight, autoRun: yes-please }",
        "  - { id: content, name: Content, kind: teleport, autoRun: true }",
      ].join("\n"),
    );
    const r = await studio(["campaign", "apply", file, "--token", "t"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("is not a valid campaign");
    expect(r.stderr).toContain("steps.0.autoRun:");
    expect(r.stderr).toContain("steps.1.kind:");
  });

  it("a gateway that is not listening exits 1 with 'cannot reach'", async () => {
    const gateway = `http://127.0.0.1:${await freePort()}`;
    const r = await studio(["me"], { STUDIO_GATEWAY_URL: gateway, STUDIO_TOKEN: "t" });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`cannot reach the gateway at ${gateway}`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("no token exits 2 with how to give one", async () => {
    const r = await studio(["stop", "c1"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("pass --token or set STUDIO_TOKEN");
  });
});
