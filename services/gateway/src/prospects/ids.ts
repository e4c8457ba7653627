// Deterministic prospect ids: the same person imported twice, anywhere, gets the same id.
import { sha256Base64Url } from "../auth/hash";

export function prospectIdFor(lookup: string): string {
  return `p_${sha256Base64Url(lookup.trim().toLowerCase()).slice(0, 20)}`;
}
