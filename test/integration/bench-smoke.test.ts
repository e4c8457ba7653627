// The benchmarks at CI size (small N, seconds each) so they never rot: each must complete and
// print its figures. No timing is asserted — the machine is shared and noisy.
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { p7SkipReason } from "../bench/p7-skip";
import { BENCHES, runBench } from "../bench/run";

const p7Skip = p7SkipReason();
const CASCADES = new Set(["p1-cascade", "p3-p4"]);

describe("benchmarks (smoke size)", () => {
  for (const name of Object.keys(BENCHES)) {
    const skip = name === "p7" ? p7Skip : undefined;
    const title =
      skip === undefined
        ? `${name} completes and prints its figures`
        : `${name} (skipped: ${skip})`;
    it.skipIf(skip !== undefined)(
      title,
      async () => {
        const { code, output } = await runBench(name, BENCHES[name]?.smoke ?? []);
        expect(code, output.slice(-2000)).toBe(0);
        expect(output).toMatch(/^machine: .+ cores, .+Node v\d+.+nats-server/m);
        if (/skipped: no redis/.test(output)) return; // a machine without redis-server
        expect(output).toMatch(/^[\w -]*RESULT: /m);
        // The cascades say whether every cell reached its end; the others have no cells.
        if (CASCADES.has(name)) expect(output).toMatch(/cells all done: true/);
      },
      300_000,
    );
  }
  it("has a bench for every goal P1–P8", () => {
    expect(Object.keys(BENCHES)).toEqual(
      expect.arrayContaining([
        "p1-cascade",
        "p2-bullmq",
        "jetstream-baseline",
        "p3-p4",
        "p5",
        "p6",
        "p7",
        "p8",
      ]),
    );
    expect(existsSync(new URL("../bench/RESULTS.md", import.meta.url))).toBe(true);
  });
});
