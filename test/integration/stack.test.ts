// `pnpm start` on a fresh data dir: comes up with the demo workspace, answers /readyz,
// and stops every process it started on SIGTERM.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "../support/free-port";

const root = join(import.meta.dirname, "../..");

function waitForLine(child: ChildProcess, pattern: RegExp, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = "";
    const timer = setTimeout(
      () => reject(new Error(`no ${pattern} within ${timeoutMs} ms; output:\n${seen}`)),
      timeoutMs,
    );
    child.stdout?.on("data", (chunk: Buffer) => {
      seen += chunk.toString();
      const match = seen.match(pattern);
      if (match) {
        clearTimeout(timer);
        resolve(match[0]);
      }
    });
    child.once("exit", (code) =>
      reject(new Error(`exited with ${code} before ${pattern}; output:\n${seen}`)),
    );
  });
}

function childrenOf(pid: number): Promise<string[]> {
  return new Promise((resolve) => {
    const ps = spawn("pgrep", ["-P", String(pid)]);
    let out = "";
    ps.stdout.on("data", (c: Buffer) => {
      out += c.toString();
    });
    ps.once("exit", () => resolve(out.split("\n").filter(Boolean)));
  });
}

function withoutNatsUrl(): NodeJS.ProcessEnv {
  const { NATS_URL: _unused, ...env } = process.env;
  return env;
}

describe("pnpm start", () => {
  let dataDir = "";
  let child: ChildProcess | undefined;
  afterAll(async () => {
    child?.kill("SIGKILL");
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it("brings the stack up on a fresh data dir and exits cleanly on SIGTERM", async () => {
    dataDir = await mkdtemp(join(tmpdir(), "studio-stack-"));
    const port = await freePort();
    const token = "ps_test_token_for_the_stack_test";
    child = spawn(process.execPath, ["--import", "tsx", "services/stack/src/main.ts"], {
      cwd: root,
      env: {
        ...withoutNatsUrl(),
        STUDIO_DATA_DIR: dataDir,
        STUDIO_PORT: String(port),
        STUDIO_DEMO_TOKEN: token,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const ready = await waitForLine(child, /ready http:\/\/127\.0\.0\.1:\d+/, 60_000);
    expect(ready).toBe(`ready http://127.0.0.1:${port}`);
    const base = `http://127.0.0.1:${port}`;
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    const me = await fetch(`${base}/v1/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(await me.json()).toMatchObject({ workspace: { id: "demo" } });
    const crm = await (await fetch(`${base}/demo/crm`)).text();
    expect(crm).toContain('data-studio-demo="contacts"');
    // nats-server and the five services, each its own process.
    const children = await childrenOf(child.pid ?? 0);
    expect(children.length).toBeGreaterThanOrEqual(6);

    const exited = new Promise<number | null>((resolve) =>
      child?.once("exit", (code) => resolve(code)),
    );
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    // Nothing it started is left behind (give init a moment to reap the exited ones).
    const isAlive = (pid: string) => {
      try {
        process.kill(Number(pid), 0);
        return true;
      } catch {
        return false;
      }
    };
    for (let i = 0; i < 30 && children.some(isAlive); i++)
      await new Promise((r) => setTimeout(r, 100));
    expect(children.filter(isAlive)).toEqual([]);
  });
});
