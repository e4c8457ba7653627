// Stand-ins returned when a provider or target cannot be built (missing secret, no LLM
// configured): the run fails permanently with a message that says what to set.
import { PermanentProviderError } from "./errors";
import type { AiKind, AiProvider, ExportTarget, ExportTargetConfig } from "./types";

export function failingProvider<K extends AiKind>(
  kind: K,
  error: PermanentProviderError,
): AiProvider<K> {
  return { kind, generate: () => Promise.reject(error) };
}

export function failingTarget(
  type: ExportTargetConfig["type"],
  error: PermanentProviderError,
): ExportTarget {
  return { type, deliver: () => Promise.reject(error) };
}

/** The error for a `…Ref` whose STUDIO_SECRET_<NAME> is not set on the service. */
export function missingSecret(ref: string, what: string): PermanentProviderError {
  return new PermanentProviderError(
    "target_error",
    `the ${what} is not configured: set STUDIO_SECRET_${ref} on the export service`,
  );
}
