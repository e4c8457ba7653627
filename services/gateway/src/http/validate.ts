// @hono/zod-validator with our problem+json errors, for path params and query strings.
import { zValidator } from "@hono/zod-validator";
import type { ValidationTargets } from "hono";
import type { z } from "zod";
import { toFieldErrors, ValidationError } from "../errors/problems";

export function validated<T extends keyof ValidationTargets, S extends z.ZodType>(
  target: T,
  schema: S,
) {
  return zValidator(target, schema, (result) => {
    if (!result.success) throw new ValidationError(toFieldErrors(result.error.issues, target));
  });
}
