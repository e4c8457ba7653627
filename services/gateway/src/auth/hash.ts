// Hashes for tokens and request ids: keys never hold the secret or the client's raw string.
import { createHash } from "node:crypto";

export const sha256Hex = (text: string): string => createHash("sha256").update(text).digest("hex");

export const sha256Base64Url = (text: string): string =>
  createHash("sha256").update(text).digest("base64url");
