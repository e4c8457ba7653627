// Request bodies: media type check (415), JSON parse (400), schema check (400 with field paths).
import type { Context } from "hono";
import type { z } from "zod";
import {
  BadRequestError,
  toFieldErrors,
  UnsupportedMediaTypeError,
  ValidationError,
} from "../errors/problems";
import { header } from "./headers";

const JSON_TYPE = /^application\/([\w.-]+\+)?json$/i;

export function mediaType(c: Context): string {
  return (header(c, "content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
}

export const isJsonType = (type: string): boolean => JSON_TYPE.test(type);

/**
 * Reads and validates a JSON body. With `optional`, an empty body counts as `{}` so that
 * `curl -X POST …/run` works without a body or a content type.
 */
export async function readJson<S extends z.ZodType>(
  c: Context,
  schema: S,
  options: { optional?: boolean } = {},
): Promise<z.infer<S>> {
  // No body at all (curl -X POST): skip building a body stream, the hot path of a click.
  const length = header(c, "content-length");
  const chunked = header(c, "transfer-encoding") !== undefined;
  if (options.optional === true && !chunked && (length === undefined || length === "0")) {
    return parse(schema, {});
  }
  const text = await readUtf8(c);
  const type = mediaType(c);
  if (text.trim() === "" && options.optional === true) return parse(schema, {});
  if (!isJsonType(type)) throw new UnsupportedMediaTypeError("application/json");
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new BadRequestError(`malformed JSON: ${(err as Error).message}`, [
      { path: "", message: "malformed JSON" },
    ]);
  }
  if (tooDeep(value, MAX_DEPTH)) {
    throw new BadRequestError(`JSON nests deeper than ${MAX_DEPTH} levels`, [
      { path: "", message: "too deeply nested" },
    ]);
  }
  return parse(schema, value);
}

// fatal: invalid UTF-8 is refused, not silently turned into U+FFFD inside stored values.
const utf8 = new TextDecoder("utf-8", { fatal: true });

/** The body as text; 400 when it is not valid UTF-8 (RFC 8259 §8.1). */
export async function readUtf8(c: Context): Promise<string> {
  const bytes = await c.req.arrayBuffer();
  try {
    return utf8.decode(bytes);
  } catch {
    throw new BadRequestError("the body is not valid UTF-8", [
      { path: "", message: "invalid UTF-8" },
    ]);
  }
}

/** No API body nests this deep; refusing early keeps recursive schemas from doing deep work. */
const MAX_DEPTH = 32;

function tooDeep(value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [v, d] = stack.pop() as [unknown, number];
    if (typeof v !== "object" || v === null) continue;
    if (d >= max) return true;
    for (const child of Object.values(v)) stack.push([child, d + 1]);
  }
  return false;
}

export function parse<S extends z.ZodType>(schema: S, value: unknown, prefix?: string): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new ValidationError(toFieldErrors(parsed.error.issues, prefix));
  return parsed.data;
}
