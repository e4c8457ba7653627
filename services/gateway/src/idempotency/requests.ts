// Rule 17 at the edge: the first answer to a request id is kept in studio_requests and replayed
// for repeats, so a retried click never publishes a second command.

import { randomUUID } from "node:crypto";
import { isRevisionMismatchError } from "@studio/bus";
import { Keys, type RequestRecord } from "@studio/contracts";
import type { Logger } from "@studio/runtime";
import { sha256Hex } from "../auth/hash";
import { problemBody } from "../errors/handler";
import { isProblemError, UnprocessableError } from "../errors/problems";
import type { Stores } from "../stores";

export interface Answer {
  status: number;
  body: unknown;
}

export interface RequestContext {
  workspaceId: string;
  /** The client's id, or a fresh one when it sent none (then nothing is stored). */
  requestId: string;
  fromClient: boolean;
  fingerprint: string;
}

// Request ids for requests that carry none: unique per process start (random prefix) and
// within it (counter) — what a msg id needs — without a randomUUID per request.
const LOCAL_PREFIX = `g${randomUUID().replace(/-/g, "").slice(0, 20)}`;
let localCount = 0;

/** Refusals worth replaying: a repeat must not turn a 409 into a run a moment later. */
const REPLAYED_STATUSES = (s: number) => (s >= 200 && s < 300) || s === 409;

export function requestContext(
  workspaceId: string,
  method: string,
  path: string,
  bodyId: string | undefined,
  headerId: string | undefined,
): RequestContext {
  const id = bodyId ?? headerId;
  return {
    workspaceId,
    requestId: id ?? `${LOCAL_PREFIX}.${(++localCount).toString(36)}`,
    fromClient: id !== undefined,
    fingerprint: `${method} ${path}`,
  };
}

export class Idempotency {
  constructor(
    private readonly stores: Stores,
    private readonly log: Logger,
  ) {}

  private key(ctx: RequestContext): string {
    return Keys.request(ctx.workspaceId, sha256Hex(ctx.requestId));
  }

  private replay(ctx: RequestContext, record: RequestRecord): Answer {
    if (record.fingerprint !== ctx.fingerprint) {
      throw new UnprocessableError(
        "idempotency_key_reused",
        `request id ${JSON.stringify(ctx.requestId)} was already used for ${record.fingerprint}`,
      );
    }
    return { status: record.status, body: record.body };
  }

  /** Runs `handle` once per request id; repeats get the first answer back, unchanged. */
  async run(
    ctx: RequestContext,
    handle: () => Promise<Answer>,
  ): Promise<Answer & { replayed: boolean }> {
    if (!ctx.fromClient) return { ...(await handle()), replayed: false };
    const key = this.key(ctx);
    const seen = await this.stores.requests.get(key);
    if (seen !== undefined) return { ...this.replay(ctx, seen.value), replayed: true };
    let answer: Answer;
    try {
      answer = await handle();
    } catch (err) {
      if (isProblemError(err) && REPLAYED_STATUSES(err.status))
        await this.remember(ctx, key, {
          status: err.status,
          body: problemBody(err),
        });
      throw err;
    }
    if (!REPLAYED_STATUSES(answer.status)) return { ...answer, replayed: false };
    const first = await this.remember(ctx, key, answer);
    return { ...first, replayed: first !== answer };
  }

  /** Stores the answer; if a concurrent twin got there first, its answer wins for both. */
  private async remember(ctx: RequestContext, key: string, answer: Answer): Promise<Answer> {
    const record: RequestRecord = {
      fingerprint: ctx.fingerprint,
      status: answer.status,
      body: answer.body,
      at: new Date().toISOString(),
    };
    try {
      await this.stores.requests.create(key, record);
      return answer;
    } catch (err) {
      if (isRevisionMismatchError(err)) {
        const other = await this.stores.requests.get(key);
        if (other !== undefined) return this.replay(ctx, other.value);
      }
      // The command is already published (its msg id dedupes retries): answer, don't fail.
      this.log.warn({ err, fingerprint: ctx.fingerprint }, "could not store the request answer");
      return answer;
    }
  }
}
