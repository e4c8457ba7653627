// API tokens: random secrets handed to a user once; only their SHA-256 is stored.
import { createHash, randomBytes } from "node:crypto";
import { type Bus, openStore } from "@studio/bus";
import { Buckets, Keys, type TokenRecord, TokenRecordSchema } from "@studio/contracts";

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function newToken(): string {
  return `ps_${randomBytes(24).toString("base64url")}`;
}

export interface IssueTokenOptions {
  workspace: { id: string; name: string };
  user: { id: string; name: string };
  /** Use this token instead of a random one (the demo token from STUDIO_DEMO_TOKEN). */
  token?: string;
}

/** Stores the token's hash and returns the token, which is never stored or shown again. */
export async function issueToken(bus: Bus, options: IssueTokenOptions): Promise<string> {
  const token = options.token ?? newToken();
  const store = await openStore(bus, Buckets.tokens, TokenRecordSchema);
  const record: TokenRecord = {
    workspace: options.workspace,
    user: options.user,
    createdAt: new Date().toISOString(),
  };
  await store.put(Keys.token(hashToken(token)), record);
  return token;
}
