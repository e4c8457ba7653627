// A test process that is killed outright (no afterAll) must not leave its nats-server behind.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "../..");

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("reaper", () => {
  it("kills a nats-server whose test process was killed with SIGKILL", async () => {
    // A stand-in test process: starts a nats-server through the test support, prints its pid.
    const script = `
      import { startNatsServer } from "./test/support/nats-server.ts";
      const server = await startNatsServer({ jetstream: true });
      const { execSync } = await import("node:child_process");
      const pid = execSync("pgrep -f -- '-p " + server.port + " '").toString().trim().split("\\n")[0];
      console.log("PID " + pid);
      setInterval(() => {}, 1000);
    `;
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "--input-type=module", "-e", script],
      {
        cwd: ROOT,
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    const pid = await new Promise<number>((resolve, reject) => {
      let out = "";
      child.stdout?.on("data", (d: Buffer) => {
        out += d.toString();
        const m = /PID (\d+)/.exec(out);
        if (m) resolve(Number(m[1]));
      });
      child.once("exit", () => reject(new Error(`exited early: ${out}`)));
    });
    expect(alive(pid)).toBe(true);
    child.kill("SIGKILL");
    const deadline = Date.now() + 10_000;
    while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(alive(pid)).toBe(false);
  }, 30_000);
});
