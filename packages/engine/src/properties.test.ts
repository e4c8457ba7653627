// Property tests: random campaigns (1–4 steps) and random sequences of commands and results,
// with duplicates, reordering and replays. The invariants are the engine's promises.
import {
  type Campaign,
  type Condition,
  type Output,
  RowSchema,
  type RunMessage,
} from "@studio/contracts";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyEvent, checkCommand } from "./apply";
import { toPublicCell } from "./cell-view";
import { predictCell } from "./predict";
import { campaignOf, NOW, prospect, step } from "./test-kit";
import type { EngineEvent, Transition } from "./types";

const KINDS = ["insight", "content", "export"] as const;
const CONDITIONS: Condition[] = [
  { field: "title", op: "contains", value: "vp" },
  { field: "steps.s0.n", op: "gt", value: 0.5 },
  { field: "fields.region", op: "exists" },
];
const OUTPUTS: Output[] = [{ n: 0.2 }, { n: 0.9 }, { n: 0.9, x: "a" }];

const campaignArb: fc.Arbitrary<Campaign> = fc.integer({ min: 1, max: 4 }).chain((n) =>
  fc
    .tuple(
      ...Array.from({ length: n }, (_, i) =>
        fc.record({
          kind: fc.constantFrom(...KINDS),
          autoRun: fc.boolean(),
          needs: fc.subarray(Array.from({ length: i }, (_, j) => `s${j}`)),
          runIf: fc.option(fc.constantFrom(...CONDITIONS), { nil: undefined }),
        }),
      ),
    )
    .map((defs) =>
      campaignOf(
        defs.map((d, i) =>
          step(`s${i}`, d.kind, {
            needs: d.needs,
            autoRun: d.autoRun,
            ...(d.runIf ? { runIf: d.runIf } : {}),
          }),
        ),
      ),
    ),
);

const stepIx = fc.nat({ max: 3 });
const actionArb = fc.oneof(
  fc.record({
    k: fc.constant("cmd" as const),
    type: fc.constantFrom("cell.run", "cell.rerun", "cell.cancel"),
    s: stepIx,
  }),
  fc.record({ k: fc.constant("editOutput" as const), s: stepIx, out: fc.constantFrom(...OUTPUTS) }),
  fc.record({
    k: fc.constant("editInputs" as const),
    s: stepIx,
    text: fc.constantFrom("short", "long", ""),
  }),
  fc.record({
    k: fc.constant("prospect" as const),
    title: fc.constantFrom("VP Sales", "CEO", null),
    region: fc.constantFrom("EMEA", null),
  }),
  fc.record({
    k: fc.constant("switch" as const),
    s: stepIx,
    on: fc.boolean(),
    runExisting: fc.boolean(),
  }),
  fc.record({ k: fc.constant("config" as const), s: stepIx }),
  fc.record({
    k: fc.constant("result" as const),
    pick: fc.nat(),
    type: fc.constantFrom("started", "succeeded", "failed"),
    attempt: fc.integer({ min: 1, max: 3 }),
    willRetry: fc.boolean(),
    out: fc.constantFrom(...OUTPUTS),
  }),
  fc.record({ k: fc.constant("replay" as const), pick: fc.nat() }),
);
type Action = typeof actionArb extends fc.Arbitrary<infer A> ? A : never;

interface Applied {
  event: EngineEvent;
  accepted: boolean;
}

function resultEvent(run: RunMessage, a: Extract<Action, { k: "result" }>): EngineEvent {
  const base = { ...run, attempt: a.attempt, at: NOW };
  const { runId, workspaceId, campaignId, prospectId, stepId, kind, attempt, at } = base;
  const r = { runId, workspaceId, campaignId, prospectId, stepId, kind, attempt, at };
  if (a.type === "started") return { type: "run.started", result: { ...r, type: "started" } };
  if (a.type === "succeeded")
    return { type: "run.succeeded", result: { ...r, type: "succeeded", output: a.out } };
  const error = { code: "timeout", message: "slow", retryable: a.willRetry };
  return { type: "run.failed", result: { ...r, type: "failed", error, willRetry: a.willRetry } };
}

function simulate(initial: Campaign, actions: Action[]) {
  let campaign = initial;
  let seq = 0;
  const id = () => `c${++seq}`;
  const first = applyEvent(
    campaign,
    undefined,
    { type: "prospect.upserted", prospect: prospect(), commandId: id() },
    { now: NOW },
  );
  let row = first.row!;
  const runs: RunMessage[] = [];
  const applied: Applied[] = [];
  const steps: { event: EngineEvent; campaign: Campaign; before: typeof row; t: Transition }[] = [];
  const record = (event: EngineEvent, t: Transition, before: typeof row) => {
    steps.push({ event, campaign, before, t });
    for (const e of t.effects) if (e.type === "queue") runs.push(e.run);
    if (t.row) row = t.row;
  };
  record({ type: "prospect.upserted", prospect: prospect(), commandId: "c1" }, first, row);
  applied.push({ event: steps[0]!.event, accepted: true });

  actions.forEach((a, i) => {
    const now = new Date(Date.parse(NOW) + (i + 1) * 1000).toISOString();
    const sid = `s${a.k === "cmd" || a.k === "editOutput" || a.k === "editInputs" || a.k === "switch" || a.k === "config" ? a.s % campaign.steps.length : 0}`;
    let event: EngineEvent | undefined;
    switch (a.k) {
      case "cmd":
        event =
          a.type === "cell.cancel"
            ? { type: a.type, stepId: sid, commandId: id() }
            : { type: a.type, stepId: sid, trigger: "click", commandId: id() };
        break;
      case "editOutput":
        event = { type: "cell.edit", stepId: sid, output: a.out, commandId: id() };
        break;
      case "editInputs":
        event = {
          type: "cell.edit",
          stepId: sid,
          inputs: a.text ? { instructions: a.text } : {},
          commandId: id(),
        };
        break;
      case "prospect":
        event = {
          type: "prospect.edited",
          patch: { title: a.title, fields: { region: a.region } },
          commandId: id(),
        };
        break;
      case "switch": {
        const was = campaign.steps.find((s) => s.id === sid)!.autoRun;
        campaign = {
          ...campaign,
          version: campaign.version + 1,
          steps: campaign.steps.map((s) => (s.id === sid ? { ...s, autoRun: a.on } : s)),
        };
        event = {
          type: "step.changed",
          stepId: sid,
          autoRunSwitchedOn: a.on && !was,
          runExisting: a.runExisting,
          configChanged: false,
          runIfChanged: false,
          commandId: id(),
        };
        break;
      }
      case "config":
        campaign = { ...campaign, version: campaign.version + 1 };
        event = {
          type: "step.changed",
          stepId: sid,
          autoRunSwitchedOn: false,
          runExisting: false,
          configChanged: true,
          runIfChanged: true,
          commandId: id(),
        };
        break;
      case "result": {
        const run = runs[a.pick % Math.max(1, runs.length)];
        if (run) event = resultEvent(run, a);
        break;
      }
      case "replay": {
        const prev = applied[a.pick % applied.length]!;
        const before = row;
        const t = applyEvent(campaign, row, prev.event, { now });
        // An accepted command or any result, applied again, changes nothing (rules 12, 17).
        const remembered =
          "commandId" in prev.event ? before.applied.includes(prev.event.commandId) : true;
        if (prev.accepted && remembered) {
          expect(t.changed).toBe(false);
          expect(t.effects).toEqual([]);
        }
        record(prev.event, t, before);
        return;
      }
    }
    if (!event) return;
    const before = row;
    const t = applyEvent(campaign, row, event, { now });
    // The gateway's pre-check and 202 body agree with what the orchestrator will do.
    expect(checkCommand(campaign, before, event)).toEqual(t.refusal);
    if ("stepId" in event && !t.refusal) {
      const cell = t.row?.cells[event.stepId];
      expect(predictCell(campaign, before, event, { now })).toEqual(cell && toPublicCell(cell));
    }
    record(event, t, before);
    applied.push({ event, accepted: !t.refusal });
  });
  return { steps, row, runs };
}

describe("engine properties", () => {
  it("hold over random campaigns and random, duplicated, reordered commands and results", () => {
    fc.assert(
      fc.property(campaignArb, fc.array(actionArb, { maxLength: 25 }), (campaign, actions) => {
        const { steps } = simulate(campaign, actions);
        const outcomes = new Map<string, string>();
        const reached = new Map<string, string>();
        const queuedIds = new Set<string>();
        for (const { event, campaign: c, before, t } of steps) {
          // The row always validates, so every state is one of the eight.
          expect(RowSchema.safeParse(t.row).success).toBe(true);
          if (t.changed && event !== steps[0]!.event)
            expect(t.row!.version).toBe(before.version + 1);
          if (!t.changed) expect(t.effects).toEqual([]);
          const perStep = new Set<string>();
          for (const e of t.effects) {
            if (e.type === "queue") {
              const s = c.steps.find((x) => x.id === e.run.stepId)!;
              // Co-Pilot cells never queue without a click.
              if (!s.autoRun) expect(["cell.run", "cell.rerun"]).toContain(event.type);
              // Propagation is bounded: each cell is queued at most once per event.
              expect(perStep.has(s.id)).toBe(false);
              perStep.add(s.id);
              expect(queuedIds.has(e.run.runId)).toBe(false);
              queuedIds.add(e.run.runId);
            } else {
              // Every run id reaches at most one outcome.
              expect(outcomes.has(e.entry.runId)).toBe(false);
              outcomes.set(e.entry.runId, e.entry.outcome!);
            }
          }
          // Cell versions never go backwards; a run's outcome, once reached, never changes
          // (whether it is still on the cell or already archived to history).
          for (const [sid, cell] of Object.entries(t.row?.cells ?? {})) {
            expect(cell.version).toBeGreaterThanOrEqual(before.cells[sid]?.version ?? 0);
            const run = cell.run;
            if (run?.outcome === undefined) continue;
            const seen = reached.get(run.runId);
            if (seen !== undefined) expect(run.outcome).toBe(seen);
            reached.set(run.runId, run.outcome);
          }
          for (const e of t.effects) {
            if (e.type !== "history") continue;
            const seen = reached.get(e.entry.runId);
            if (seen !== undefined) expect(e.entry.outcome).toBe(seen);
            reached.set(e.entry.runId, e.entry.outcome!);
          }
        }
      }),
      { numRuns: 400 },
    );
  });

  it("is deterministic: the same events on the same row give the same transition", () => {
    fc.assert(
      fc.property(campaignArb, fc.array(actionArb, { maxLength: 15 }), (campaign, actions) => {
        const a = simulate(campaign, actions);
        const b = simulate(campaign, actions);
        expect(b.row).toEqual(a.row);
        expect(b.runs).toEqual(a.runs);
      }),
      { numRuns: 100 },
    );
  });
});
