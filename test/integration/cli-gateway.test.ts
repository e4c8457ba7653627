// `pnpm studio` against a real gateway process on a real nats-server: token, campaign apply
// (create, no-op, step change, refused layout change), CSV import, bulk run/stop, event tail.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../support/free-port";
import { type NatsServer, startNatsServer } from "../support/nats-server";

const ROOT = join(import.meta.dirname, "../..");
const GATEWAY_MAIN = "services/gateway/src/main.ts";
const STUDIO_VARS = ["NATS_URL", "STUDIO_GATEWAY_URL", "STUDIO_TOKEN", "STUDIO_PORT"];

type Result = { code: number | null; stdout: string; stderr: string };
let env: Record<string, string> = {};

function baseEnv(): Record<string, string> {
  const entries = Object.entries(process.env).filter(
    (e): e is [string, string] => e[1] !== undefined && !STUDIO_VARS.includes(e[0]),
  );
  return Object.fromEntries(entries);
}

function startStudio(args: string[]): { child: ChildProcess; done: Promise<Result> } {
  const child = spawn(process.execPath, ["--import", "tsx", "services/cli/src/main.ts", ...args], {
    cwd: ROOT,
    env: { ...baseEnv(), ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const r: Result = { code: null, stdout: "", stderr: "" };
  child.stdout?.on("data", (d: Buffer) => {
    r.stdout += d.toString();
  });
  child.stderr?.on("data", (d: Buffer) => {
    r.stderr += d.toString();
  });
  const done = new Promise<Result>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code) => resolve({ ...r, code }));
  });
  return { child, done };
}

const studio = (...args: string[]) => startStudio(args).done;

async function waitFor(check: () => Promise<boolean> | boolean, what: string, ms = 20_000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (
      await Promise.resolve()
        .then(check)
        .catch(() => false)
    )
      return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const CAMPAIGN = `id: cli-outreach
name: CLI outreach
steps:
  - { id: insight, name: Insights, kind: insight, autoRun: true }
  - { id: content, name: Email, kind: content, needs: [insight], autoRun: false, config: { channel: email } }
  - { id: export, name: Export, kind: export, needs: [content], autoRun: false }
`;

describe.skipIf(!existsSync(join(ROOT, GATEWAY_MAIN)))("pnpm studio with a running gateway", () => {
  let nats: NatsServer;
  let gateway: ChildProcess;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "studio-cli-gw-"));
    nats = await startNatsServer();
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    gateway = spawn(process.execPath, ["--import", "tsx", GATEWAY_MAIN], {
      cwd: ROOT,
      env: { ...baseEnv(), NATS_URL: nats.url, STUDIO_PORT: String(port), LOG_LEVEL: "warn" },
      stdio: "ignore",
    });
    await waitFor(async () => (await fetch(`${url}/healthz`)).ok, "the gateway");
    env = { NATS_URL: nats.url, STUDIO_GATEWAY_URL: url };
    const token = await studio("token", "create", "--workspace", "cli-ws", "--user", "ops");
    expect(token.code).toBe(0);
    env.STUDIO_TOKEN = token.stdout.trim();
  });

  afterAll(async () => {
    if (gateway && gateway.exitCode === null) {
      const exited = new Promise((r) => gateway.once("exit", r));
      gateway.kill("SIGTERM");
      await exited;
    }
    await nats?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("me shows the token's user and workspace", async () => {
    const r = await studio("me");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/user\s+ops/);
    expect(r.stdout).toMatch(/workspace\s+cli-ws/);
  });

  it("campaign apply creates, then is a no-op, then patches only the changed step", async () => {
    const file = join(dir, "campaign.yaml");
    await writeFile(file, CAMPAIGN);
    const created = await studio("campaign", "apply", file);
    expect(created.stderr).toBe("");
    expect(created.stdout).toContain("created campaign cli-outreach (3 steps)");
    expect((await studio("campaign", "apply", file)).stdout).toContain("is up to date");

    await writeFile(file, CAMPAIGN.replace("name: Email", "name: First email"));
    const updated = await studio("campaign", "apply", file);
    expect(updated.code).toBe(0);
    expect(updated.stdout).toContain("updated step content: name");
    expect(updated.stdout).not.toContain("step insight");
  });

  it("campaign apply refuses a changed step layout with a readable reason", async () => {
    const file = join(dir, "layout.json");
    const steps = [
      { id: "insight", name: "Insights", kind: "insight", autoRun: true },
      { id: "extra", name: "Extra", kind: "insight", autoRun: false },
    ];
    await writeFile(file, JSON.stringify({ id: "cli-outreach", name: "CLI outreach", steps }));
    const r = await studio("campaign", "apply", file);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("steps added: extra");
    expect(r.stderr).toContain("steps removed: content, export");
  });

  it("prospects import prints the counts and each refused row with its number", async () => {
    const file = join(dir, "prospects.csv");
    await writeFile(
      file,
      "email,firstName,lastName,company,title\n" +
        "ann@acme.com,Ann,Lee,Acme,VP Sales\n" +
        "bob@beta.io,Bob,Stone,Beta,CTO\n" +
        "not-an-email,X,Y,Z,W\n",
    );
    const r = await studio("prospects", "import", "cli-outreach", file);
    expect(r.stdout).toContain("created 2, updated 0");
    expect(r.stderr).toMatch(/row 4: .*email/);
    expect(r.code).toBe(1);
  });

  it("run and stop print the gateway's answers", async () => {
    const run = await studio("run", "cli-outreach", "--step", "insight", "--state", "ready,failed");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^accepted \d+, refused \d+/);
    const stop = await studio("stop", "cli-outreach", "--step", "insight");
    expect(stop.code).toBe(0);
    expect(stop.stdout).toMatch(/^canceled \d+/);
  });

  it("an unknown campaign is a 404 problem, printed with exit 1", async () => {
    const r = await studio("stop", "no-such-campaign");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("HTTP 404");
  });

  it("events tails the stream one line per event and exits 0 on Ctrl-C", async () => {
    const tail = startStudio(["events", "cli-outreach"]);
    let out = "";
    tail.child.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
    });
    try {
      await waitFor(() => out.includes("campaign cli-outreach"), "the first event");
    } finally {
      tail.child.kill("SIGINT");
    }
    const r = await tail.done;
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split("\n")[0]).toMatch(
      /^\S+ campaign cli-outreach "CLI outreach" v\d+$/,
    );
  });
});
