// Builders for the engine's tests: small campaigns, a row harness, and worker-like results.
import type { Campaign, Condition, Output, Prospect, Row, Step } from "@studio/contracts";
import { applyEvent } from "./apply";
import type { Effect, EngineEvent, Refusal } from "./types";

export const NOW = "2025-01-01T00:00:00.000Z";

export function step(
  id: string,
  kind: Step["kind"],
  opts: { needs?: string[]; autoRun?: boolean; runIf?: Condition; name?: string } = {},
): Step {
  const base = {
    id,
    name: opts.name ?? id[0]!.toUpperCase() + id.slice(1),
    needs: opts.needs ?? [],
    autoRun: opts.autoRun ?? true,
    ...(opts.runIf ? { runIf: opts.runIf } : {}),
  };
  if (kind === "export") return { ...base, kind, config: { target: { type: "file" } } };
  return { ...base, kind, config: {} };
}

export function campaignOf(steps: Step[], version = 1): Campaign {
  return {
    id: "c1",
    workspaceId: "w1",
    name: "Campaign",
    steps,
    createdAt: NOW,
    updatedAt: NOW,
    version,
  };
}

/** insight → content → export; the export on Co-Pilot, like the demo campaign. */
export function demoCampaign(): Campaign {
  return campaignOf([
    step("insight", "insight", { name: "Insights" }),
    step("content", "content", { needs: ["insight"], name: "Email" }),
    step("export", "export", { needs: ["content"], autoRun: false, name: "Send" }),
  ]);
}

export function prospect(extra: Partial<Prospect> = {}): Prospect {
  return { id: "p1", email: "ada@example.com", firstName: "Ada", title: "VP Sales", ...extra };
}

let tick = 0;
/** A row under test: applies events in order and keeps every effect and refusal. */
export class Harness {
  row: Row | undefined;
  effects: Effect[] = [];
  refusals: Refusal[] = [];
  private seq = 0;
  constructor(public campaign: Campaign) {}

  apply(event: EngineEvent) {
    tick += 1;
    const now = new Date(Date.parse(NOW) + tick * 1000).toISOString();
    const t = applyEvent(this.campaign, this.row, event, { now });
    this.row = t.row;
    this.effects.push(...t.effects);
    if (t.refusal) this.refusals.push(t.refusal);
    return t;
  }
  nextId(prefix = "cmd"): string {
    this.seq += 1;
    return `${prefix}-${this.seq}`;
  }
  add(p: Prospect = prospect()) {
    return this.apply({ type: "prospect.upserted", prospect: p, commandId: this.nextId() });
  }
  cell(stepId: string) {
    const c = this.row?.cells[stepId];
    if (!c) throw new Error(`no cell ${stepId}`);
    return c;
  }
  state(stepId: string) {
    return this.cell(stepId).state;
  }
  queued(stepId?: string) {
    return this.effects.flatMap((e) =>
      e.type === "queue" && (stepId === undefined || e.run.stepId === stepId) ? [e.run] : [],
    );
  }
  /** A cell's run history as the API shows it: archived runs, then the cell's ended run. */
  history(stepId?: string) {
    const archived = this.effects.flatMap((e) =>
      e.type === "history" && (stepId === undefined || e.entry.stepId === stepId) ? [e.entry] : [],
    );
    const current = Object.values(this.row?.cells ?? {}).flatMap((c) =>
      (stepId === undefined || c.stepId === stepId) &&
      c.run?.outcome !== undefined &&
      !archived.some((e) => e.runId === c.run?.runId)
        ? [{ ...c.run, stepId: c.stepId }]
        : [],
    );
    return [...archived, ...current];
  }
  command(
    type: "cell.run" | "cell.rerun" | "cell.cancel",
    stepId: string,
    commandId = this.nextId(),
  ) {
    if (type === "cell.cancel") return this.apply({ type, stepId, commandId });
    return this.apply({
      type,
      stepId,
      trigger: type === "cell.run" ? "click" : "rerun",
      commandId,
    });
  }
  private base(stepId: string, attempt = 1) {
    const c = this.cell(stepId);
    const kind = this.campaign.steps.find((s) => s.id === stepId)!.kind;
    return {
      runId: c.runId!,
      workspaceId: "w1",
      campaignId: "c1",
      prospectId: this.row!.prospect.id,
      stepId,
      kind,
      attempt,
      at: NOW,
    };
  }
  start(stepId: string, attempt = 1) {
    return this.apply({
      type: "run.started",
      result: { ...this.base(stepId, attempt), type: "started" },
    });
  }
  succeed(stepId: string, output: Output = { text: `${stepId}-out` }, attempt = 1) {
    return this.apply({
      type: "run.succeeded",
      result: { ...this.base(stepId, attempt), type: "succeeded", output },
    });
  }
  fail(stepId: string, willRetry: boolean, attempt = 1) {
    return this.apply({
      type: "run.failed",
      result: {
        ...this.base(stepId, attempt),
        type: "failed",
        error: { code: "timeout", message: "provider timed out", retryable: true },
        willRetry,
      },
    });
  }
}
