// Body size limits by media type: JSON bodies stay small, CSV imports may be larger (413 beyond).
import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { problemResponse } from "../errors/handler";
import { PayloadTooLargeError } from "../errors/problems";
import { mediaType } from "./body";
import { header } from "./headers";

export function bodyLimits(limits: { json: number; csv: number }): MiddlewareHandler {
  const json = bodyLimit({
    maxSize: limits.json,
    onError: () => problemResponse(new PayloadTooLargeError(limits.json)),
  });
  const csv = bodyLimit({
    maxSize: limits.csv,
    onError: () => problemResponse(new PayloadTooLargeError(limits.csv)),
  });
  return (c, next) => {
    if (c.req.method === "GET" || c.req.method === "HEAD" || c.req.method === "OPTIONS")
      return next();
    const isCsv = mediaType(c) === "text/csv";
    // Decided from the headers when possible: hono's bodyLimit touches the raw body stream,
    // which makes the Node adapter build a full Request on every click (~10% of its CPU).
    if (header(c, "transfer-encoding") === undefined) {
      const limit = isCsv ? limits.csv : limits.json;
      const length = Number(header(c, "content-length") ?? "0");
      if (length > limit) return Promise.resolve(problemResponse(new PayloadTooLargeError(limit)));
      return next();
    }
    return isCsv ? csv(c, next) : json(c, next);
  };
}
