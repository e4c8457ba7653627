// The default export target: one JSON line per delivery in a per-campaign JSONL file under the
// data dir. No network, so a fresh install can run a whole campaign end to end.
import { appendFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { IdSchema } from "@studio/contracts";
import { abortError, PermanentProviderError, RetryableProviderError } from "../errors";
import type { ExportPayload, ExportTarget } from "../types";

export interface FileSinkOptions {
  dataDir: string;
  /** File name without extension; default: the campaign id. */
  name?: string;
  now?: () => Date;
}

/** One line of an export file. */
export interface FileExportLine {
  idempotencyKey: string;
  deliveredAt: string;
  workspaceId: string;
  campaignId: string;
  prospectId: string;
  stepId: string;
  payload: { runId: string; prospect: Record<string, unknown>; outputs: ExportPayload["outputs"] };
}

// Errors no retry can fix: the directory is not ours to write.
const PERMANENT_FS_CODES = new Set(["EACCES", "EPERM", "EROFS", "ENOTDIR", "EISDIR"]);

export function exportFilePath(dataDir: string, workspaceId: string, fileName: string): string {
  return join(dataDir, "exports", workspaceId, `${fileName}.jsonl`);
}

/** Export directories this process has created: one mkdir per directory, not per line. */
const madeDirs = new Set<string>();

/**
 * Lines for one file that arrive in the same turn are appended with one write (open, write,
 * close once instead of per line); each delivery settles when the write holding its line does.
 * One write with O_APPEND per group, so concurrent writers never interleave lines.
 */
const pendingLines = new Map<
  string,
  { text: string; settle: Array<{ resolve(): void; reject(err: unknown): void }> }
>();

function appendLine(file: string, line: string): Promise<void> {
  let group = pendingLines.get(file);
  if (group === undefined) {
    group = { text: "", settle: [] };
    pendingLines.set(file, group);
    const mine = group;
    setImmediate(() => {
      pendingLines.delete(file);
      appendFile(file, mine.text, { encoding: "utf8", flag: "a" }).then(
        () => {
          for (const s of mine.settle) s.resolve();
        },
        (err: unknown) => {
          for (const s of mine.settle) s.reject(err);
        },
      );
    });
  }
  group.text += line;
  const target = group;
  return new Promise<void>((resolve, reject) => target.settle.push({ resolve, reject }));
}

export function createFileSink(options: FileSinkOptions): ExportTarget {
  const now = options.now ?? (() => new Date());
  return {
    type: "file",
    async deliver(payload, idempotencyKey, signal) {
      if (signal.aborted) throw abortError(signal);
      const fileName = options.name ?? payload.campaignId;
      // Ids are validated upstream; checking again keeps a bad one from escaping the data dir.
      for (const part of [payload.workspaceId, fileName]) {
        if (!IdSchema.safeParse(part).success) {
          throw new PermanentProviderError(
            "target_error",
            `"${part}" cannot be used in an export file path`,
          );
        }
      }
      const line: FileExportLine = {
        idempotencyKey,
        deliveredAt: now().toISOString(),
        workspaceId: payload.workspaceId,
        campaignId: payload.campaignId,
        prospectId: payload.prospectId,
        stepId: payload.stepId,
        payload: { runId: payload.runId, prospect: payload.prospect, outputs: payload.outputs },
      };
      const dir = join(options.dataDir, "exports", payload.workspaceId);
      const file = exportFilePath(options.dataDir, payload.workspaceId, fileName);
      try {
        if (!madeDirs.has(dir)) {
          await mkdir(dir, { recursive: true });
          madeDirs.add(dir);
        }
        await appendLine(file, `${JSON.stringify(line)}\n`);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code ?? "";
        // The directory went away underneath us: make it again on the next attempt.
        if (code === "ENOENT") madeDirs.delete(dir);
        const message = `could not write the export file ${file}: ${(err as Error).message}`;
        if (PERMANENT_FS_CODES.has(code)) {
          throw new PermanentProviderError("target_error", message, { cause: err });
        }
        throw new RetryableProviderError("target_error", message, undefined, { cause: err });
      }
      return { externalId: `exports/${payload.workspaceId}/${fileName}.jsonl#${idempotencyKey}` };
    },
  };
}
