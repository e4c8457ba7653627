// Bearer tokens: looked up by SHA-256 in studio_tokens, cached briefly so reads stay off the bus.
import { Keys, type TokenRecord } from "@studio/contracts";
import type { MiddlewareHandler } from "hono";
import { UnauthorizedError } from "../errors/problems";
import { header } from "../http/headers";
import type { Stores } from "../stores";
import { sha256Hex } from "./hash";
import type { RateLimiter } from "./rate-limit";

export interface Principal {
  tokenHash: string;
  workspaceId: string;
  workspaceName: string;
  userId: string;
  userName: string;
  rateLimit: number | undefined;
}

export type AuthEnv = { Variables: { principal: Principal } };

interface CacheEntry {
  principal: Principal | undefined;
  expires: number;
}

// Revoking a token takes effect within this long on every gateway process.
const POSITIVE_TTL_MS = 10_000;
const NEGATIVE_TTL_MS = 2_000;
const MAX_CACHED = 10_000;

export class TokenResolver {
  /**
   * Keyed by the presented token itself (process memory only, never stored or logged): a hit
   * costs a map lookup instead of a SHA-256 per request. The store stays keyed by the hash.
   */
  private readonly cache = new Map<string, CacheEntry>();
  constructor(private readonly stores: Stores) {}

  resolve(token: string): Principal | undefined | Promise<Principal | undefined> {
    const hit = this.cache.get(token);
    // Synchronous on a hit: no promise, no extra microtask on every request.
    if (hit !== undefined && hit.expires > Date.now()) return hit.principal;
    return this.load(token);
  }

  private async load(token: string): Promise<Principal | undefined> {
    const hash = sha256Hex(token);
    const now = Date.now();
    const record = await this.stores.tokens.get(Keys.token(hash));
    const principal = record === undefined ? undefined : toPrincipal(hash, record.value);
    if (this.cache.size >= MAX_CACHED) this.cache.clear();
    this.cache.set(token, {
      principal,
      expires: now + (principal ? POSITIVE_TTL_MS : NEGATIVE_TTL_MS),
    });
    return principal;
  }

  /** Drops every cached entry of a token hash (a token revoked or changed in studio_tokens). */
  forget(tokenHash: string): void {
    for (const [token, entry] of this.cache) {
      if (entry.principal?.tokenHash === tokenHash || sha256Hex(token) === tokenHash)
        this.cache.delete(token);
    }
  }
}

function toPrincipal(tokenHash: string, r: TokenRecord): Principal {
  return {
    tokenHash,
    workspaceId: r.workspace.id,
    workspaceName: r.workspace.name,
    userId: r.user.id,
    userName: r.user.name,
    rateLimit: r.rateLimit,
  };
}

/** Token from `Authorization: Bearer …`, or `?token=` for EventSource clients that cannot set headers. */
export function tokenOf(
  authorization: string | undefined,
  queryToken: string | undefined,
): string | undefined {
  if (authorization !== undefined) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    return m?.[1];
  }
  return queryToken === "" ? undefined : queryToken;
}

export function requireAuth(
  resolver: TokenResolver,
  limiter: RateLimiter,
  defaultRate: number,
): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const authorization = header(c, "authorization");
    // The query is only parsed when there is no header (EventSource clients).
    const token = tokenOf(
      authorization,
      authorization === undefined ? c.req.query("token") : undefined,
    );
    if (token === undefined || token.length > 512) throw new UnauthorizedError();
    const resolved = resolver.resolve(token);
    const principal = resolved instanceof Promise ? await resolved : resolved;
    if (principal === undefined) throw new UnauthorizedError("unknown token");
    limiter.take(principal.tokenHash, principal.rateLimit ?? defaultRate);
    c.set("principal", principal);
    await next();
  };
}
