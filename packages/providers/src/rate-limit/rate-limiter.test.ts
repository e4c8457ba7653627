import { describe, expect, it } from "vitest";
import { createRateLimiter } from "./rate-limiter";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const signal = () => new AbortController().signal;

describe("rate limiter", () => {
  it("never runs more than maxInFlight at once, and runs everything in the end", async () => {
    const limiter = createRateLimiter({ ratePerSecond: 1_000, maxInFlight: 3 });
    let running = 0;
    let peak = 0;
    const done = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        limiter.run(async () => {
          running++;
          peak = Math.max(peak, running);
          await sleep(5 + (i % 3) * 5);
          running--;
          return i;
        }, signal()),
      ),
    );
    expect(peak).toBe(3);
    expect(done).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(limiter.stats()).toEqual({ inFlight: 0, waiting: 0 });
  });

  it("spaces starts by the rate after the initial burst", async () => {
    const limiter = createRateLimiter({ ratePerSecond: 20, maxInFlight: 100 });
    const t0 = performance.now();
    const starts = await Promise.all(
      Array.from({ length: 30 }, () => limiter.run(async () => performance.now() - t0, signal())),
    );
    // Burst of 20 at once, then 10 more at 50 ms intervals: the last starts ~500 ms in.
    expect(starts.filter((t) => t < 40)).toHaveLength(20);
    expect(Math.max(...starts)).toBeGreaterThanOrEqual(450);
    // Never ahead of schedule: the n-th start after the burst waits at least n token periods
    // (a late timer may release two together; that is still within the rate).
    for (const [i, t] of starts.slice(20).entries())
      expect(t).toBeGreaterThanOrEqual((i + 1) * 50 - 5);
  });

  it("lets a waiting caller give up through its signal without blocking the others", async () => {
    const limiter = createRateLimiter({ ratePerSecond: 100, maxInFlight: 1 });
    let release!: () => void;
    const first = limiter.run(
      () =>
        new Promise<string>((r) => {
          release = () => r("first");
        }),
      signal(),
    );
    const ac = new AbortController();
    const abandoned = limiter.run(async () => "never", ac.signal);
    const third = limiter.run(async () => "third", signal());
    await sleep(5);
    expect(limiter.stats()).toEqual({ inFlight: 1, waiting: 2 });
    ac.abort();
    await expect(abandoned).rejects.toMatchObject({ name: "AbortError" });
    release();
    expect(await first).toBe("first");
    expect(await third).toBe("third");
  });
});
