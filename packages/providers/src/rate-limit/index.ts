// Rate limiting of providers and targets (SPEC rule 6).
export { createRateLimiter, type RateLimiter, type RateLimiterOptions } from "./rate-limiter";
export { withRateLimit } from "./with-rate-limit";
