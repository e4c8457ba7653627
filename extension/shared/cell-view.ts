// What a cell chip shows for each state (SPEC §4): label, tone and the one action it offers.
import type { Campaign, Cell, Condition, Step } from "@studio/contracts";

export type CellVerb = "run" | "rerun" | "cancel";

export type CellView = {
  label: string;
  tone: "muted" | "action" | "busy" | "ok" | "error" | "stale";
  /** The chip's own button (Click to Run, Review + Send, Run Again, Retry). */
  action?: { verb: CellVerb; label: string; revealOnHover?: boolean; hint?: string };
  preview?: string;
  outdated?: boolean;
  spinner?: boolean;
};

export function stepName(campaign: Campaign | undefined, id: string): string {
  return campaign?.steps.find((s) => s.id === id)?.name ?? id;
}

/** An export fed by a content step: its Click to Run is "Review + Send". */
export function isReviewExport(campaign: Campaign | undefined, step: Step): boolean {
  if (step.kind !== "export") return false;
  return step.needs.some((n) => campaign?.steps.find((s) => s.id === n)?.kind === "content");
}

export function conditionText(c: Condition | undefined): string {
  if (!c) return "condition not met";
  if ("all" in c) return c.all.map(conditionText).join(" and ");
  if ("any" in c) return c.any.map(conditionText).join(" or ");
  const v = c.value === undefined ? "" : ` ${JSON.stringify(c.value)}`;
  const ops: Record<string, string> = {
    eq: "is",
    neq: "is not",
    contains: "contains",
    exists: "is set",
    missing: "is missing",
    gt: ">",
    lt: "<",
    matches: "matches",
  };
  return `${c.field} ${ops[c.op] ?? c.op}${v}`;
}

/** Short one-line text of an output, for the chip (never HTML). */
export function outputPreview(output: Record<string, unknown> | undefined, max = 60): string {
  if (!output) return "";
  let text: string;
  if (Array.isArray(output.insights)) {
    const first = output.insights[0] as { title?: unknown } | undefined;
    text = first ? String(first.title ?? "") : "No insights";
    if (output.insights.length > 1) text += ` (+${output.insights.length - 1})`;
  } else if (typeof output.body === "string") {
    text = typeof output.subject === "string" && output.subject ? output.subject : output.body;
  } else if (typeof output.status === "string") {
    text = `${output.status === "duplicate" ? "Already delivered" : "Delivered"} to ${String(output.target ?? "target")}`;
  } else {
    text = JSON.stringify(output);
  }
  text = text.replace(/\s+/g, " ").trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function cellView(
  campaign: Campaign | undefined,
  step: Step,
  cell: Cell | undefined,
): CellView {
  if (!cell) return { label: "Not computed yet", tone: "muted" };
  switch (cell.state) {
    case "waiting": {
      const names = (cell.waitingFor?.length ? cell.waitingFor : step.needs).map((id) =>
        stepName(campaign, id),
      );
      return { label: `Waiting for ${names.join(", ") || "upstream"}`, tone: "muted" };
    }
    case "ready":
      return isReviewExport(campaign, step)
        ? { label: "Ready", tone: "action", action: { verb: "run", label: "Review + Send" } }
        : { label: "Ready", tone: "action", action: { verb: "run", label: "Click to Run" } };
    case "queued":
      return { label: "Queued", tone: "busy", spinner: true };
    case "running": {
      const max = cell.maxAttempts ? ` of ${cell.maxAttempts}` : "";
      return {
        label: `Running (attempt ${Math.max(1, cell.attempt)}${max})`,
        tone: "busy",
        spinner: true,
      };
    }
    case "done":
      return {
        label: "Done",
        tone: "ok",
        preview: outputPreview(cell.output),
        action: {
          verb: "rerun",
          label: "Run Again",
          revealOnHover: true,
          ...(step.kind === "export" ? { hint: "sends the export again" } : {}),
        },
      };
    case "failed":
      return {
        label: "Failed",
        tone: "error",
        preview: cell.error?.message ?? "The run failed",
        action: { verb: "rerun", label: "Retry" },
      };
    case "stale":
      return {
        label: "outdated",
        tone: "stale",
        outdated: true,
        preview: outputPreview(cell.output),
        action: { verb: "rerun", label: "Run Again" },
      };
    case "skipped":
      return {
        label: `Skipped: ${cell.skippedReason ?? conditionText(step.runIf)}`,
        tone: "muted",
      };
  }
}
