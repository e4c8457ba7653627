// Token bucket (requests per second) + semaphore (in flight): work over the limit waits its
// turn instead of failing (SPEC rule 6), and a waiting caller can give up through its signal.
import { abortError } from "../errors";

export interface RateLimiterOptions {
  /** Sustained starts per second; also the burst size (at least 1). */
  ratePerSecond: number;
  maxInFlight: number;
}

export interface RateLimiter {
  run<T>(fn: () => Promise<T>, signal: AbortSignal): Promise<T>;
  /** For metrics and tests. */
  stats(): { inFlight: number; waiting: number };
}

interface Waiter {
  resolve: () => void;
  reject: (err: Error) => void;
  signal: AbortSignal;
  onAbort: () => void;
}

export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  if (!(options.ratePerSecond > 0) || !(options.maxInFlight >= 1)) {
    throw new RangeError("ratePerSecond must be > 0 and maxInFlight >= 1");
  }
  const capacity = Math.max(1, options.ratePerSecond);
  const msPerToken = 1_000 / options.ratePerSecond;
  let tokens = capacity;
  let refilledAt = performance.now();
  let inFlight = 0;
  const queue: Waiter[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;

  const refill = () => {
    const now = performance.now();
    tokens = Math.min(capacity, tokens + (now - refilledAt) / msPerToken);
    refilledAt = now;
  };

  // FIFO: only the head may start, so a steady stream of callers cannot starve an early one.
  const pump = () => {
    refill();
    while (queue.length > 0 && inFlight < options.maxInFlight && tokens >= 1) {
      const waiter = queue.shift()!;
      waiter.signal.removeEventListener("abort", waiter.onAbort);
      tokens -= 1;
      inFlight += 1;
      waiter.resolve();
    }
    if (queue.length > 0 && inFlight < options.maxInFlight && tokens < 1 && !timer) {
      timer = setTimeout(
        () => {
          timer = undefined;
          pump();
        },
        Math.ceil((1 - tokens) * msPerToken),
      );
    }
  };

  const acquire = (signal: AbortSignal) =>
    new Promise<void>((resolve, reject) => {
      if (signal.aborted) return reject(abortError(signal));
      const waiter: Waiter = {
        resolve,
        reject,
        signal,
        onAbort: () => {
          const i = queue.indexOf(waiter);
          if (i >= 0) queue.splice(i, 1);
          reject(abortError(signal));
          pump();
        },
      };
      signal.addEventListener("abort", waiter.onAbort, { once: true });
      queue.push(waiter);
      pump();
    });

  return {
    async run(fn, signal) {
      await acquire(signal);
      try {
        return await fn();
      } finally {
        inFlight -= 1;
        pump();
      }
    },
    stats: () => ({ inFlight, waiting: queue.length }),
  };
}
