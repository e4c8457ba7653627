// Wraps a provider or target so every call goes through a limiter; callers see the same
// interface and simply wait longer when the provider is busy.
import type { AiKind, AiProvider, ExportTarget } from "../types";
import type { RateLimiter } from "./rate-limiter";

export function withRateLimit<K extends AiKind>(
  provider: AiProvider<K>,
  limiter: RateLimiter,
): AiProvider<K>;
export function withRateLimit(target: ExportTarget, limiter: RateLimiter): ExportTarget;
export function withRateLimit<K extends AiKind>(
  inner: AiProvider<K> | ExportTarget,
  limiter: RateLimiter,
): AiProvider<K> | ExportTarget {
  if ("generate" in inner) {
    return {
      kind: inner.kind,
      generate: (request, signal) => limiter.run(() => inner.generate(request, signal), signal),
    };
  }
  return {
    ...inner,
    deliver: (payload, key, signal) =>
      limiter.run(() => inner.deliver(payload, key, signal), signal),
  };
}
