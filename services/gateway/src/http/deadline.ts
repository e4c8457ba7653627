// A request that waits on an unreachable bus answers 503 after a bound, instead of hanging for
// the bus's whole retry budget. The work may still finish later: request ids make retries safe.
import type { MiddlewareHandler } from "hono";
import { UnavailableError } from "../errors/problems";

export function requestDeadline(ms: number, exempt: (path: string) => boolean): MiddlewareHandler {
  return async (c, next) => {
    if (exempt(c.req.path)) return next();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new UnavailableError(`no answer from the bus within ${ms} ms`)),
        ms,
      );
    });
    try {
      await Promise.race([next(), expired]);
    } finally {
      clearTimeout(timer);
    }
  };
}
