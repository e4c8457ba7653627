// Per-token token bucket, per gateway process: cheap, no bus round trip on the hot path.
import { RateLimitedError } from "../errors/problems";

interface Bucket {
  tokens: number;
  last: number;
  rate: number;
}

const MAX_TRACKED = 10_000;

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  /** Takes one request from the token's budget or throws 429 with the seconds to wait. */
  take(key: string, ratePerSecond: number, now = Date.now()): void {
    let b = this.buckets.get(key);
    if (b === undefined || b.rate !== ratePerSecond) {
      if (this.buckets.size >= MAX_TRACKED) this.buckets.clear();
      // Burst of one second's worth: a CRM page's burst of reads passes, a flood does not.
      b = { tokens: ratePerSecond, last: now, rate: ratePerSecond };
      this.buckets.set(key, b);
    }
    b.tokens = Math.min(ratePerSecond, b.tokens + ((now - b.last) / 1000) * ratePerSecond);
    b.last = now;
    if (b.tokens < 1) {
      throw new RateLimitedError(Math.max(1, Math.ceil((1 - b.tokens) / ratePerSecond)));
    }
    b.tokens -= 1;
  }
}
