// A counting semaphore: bounds handlers in flight so a slow handler holds back pulling, not memory.

export interface Limiter {
  acquire(): Promise<void>;
  release(): void;
  readonly active: number;
  /** Resolves once nothing is active (or after `timeoutMs`); true when idle. */
  idle(timeoutMs?: number): Promise<boolean>;
}

export function createLimiter(limit: number): Limiter {
  const max = Math.max(1, limit);
  let active = 0;
  const waiters: Array<() => void> = [];
  const idleWaiters = new Set<() => void>();
  return {
    get active() {
      return active;
    },
    async acquire() {
      while (active >= max) await new Promise<void>((r) => waiters.push(r));
      active++;
    },
    release() {
      active--;
      waiters.shift()?.();
      if (active === 0) for (const w of idleWaiters) w();
    },
    idle(timeoutMs) {
      if (active === 0) return Promise.resolve(true);
      return new Promise<boolean>((resolve) => {
        const done = (value: boolean) => {
          idleWaiters.delete(onIdle);
          clearTimeout(timer);
          resolve(value);
        };
        const onIdle = () => done(true);
        idleWaiters.add(onIdle);
        const timer =
          timeoutMs === undefined ? undefined : setTimeout(() => done(false), timeoutMs);
      });
    },
  };
}
