// A request that waits on an unreachable bus answers 503 after a bound, instead of hanging for
// the bus's whole retry budget. The work may still finish later: request ids make retries safe.
// One shared sweep instead of a timer per request (a timer armed and cleared on every request
// showed in the profile); a request answers 503 between `ms` and `ms` + 1/4 s late.
import type { MiddlewareHandler } from "hono";
import { UnavailableError } from "../errors/problems";

interface Deadline {
  at: number;
  fail: (err: Error) => void;
}

export function requestDeadline(ms: number, exempt: (path: string) => boolean): MiddlewareHandler {
  const live = new Set<Deadline>();
  let timer: ReturnType<typeof setInterval> | undefined;
  const sweep = () => {
    const now = Date.now();
    for (const d of live) {
      if (d.at > now) continue;
      live.delete(d);
      d.fail(new UnavailableError(`no answer from the bus within ${ms} ms`));
    }
    if (live.size === 0 && timer !== undefined) {
      clearInterval(timer);
      timer = undefined;
    }
  };
  return async (c, next) => {
    if (exempt(c.req.path)) return next();
    let deadline: Deadline | undefined;
    const expired = new Promise<never>((_, reject) => {
      deadline = { at: Date.now() + ms, fail: reject };
    });
    const d = deadline as Deadline;
    live.add(d);
    if (timer === undefined) {
      timer = setInterval(sweep, Math.max(10, Math.min(250, ms / 4)));
      timer.unref();
    }
    try {
      await Promise.race([next(), expired]);
    } finally {
      live.delete(d);
    }
  };
}
