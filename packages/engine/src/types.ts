// The engine's vocabulary: events in, transitions (new row + effects) out.
import type {
  CellState,
  ErrorCode,
  HistoryEntry,
  InputOverrides,
  Output,
  Prospect,
  ProspectPatch,
  Result,
  Row,
  RunMessage,
  RunTrigger,
} from "@studio/contracts";

/** Time is passed in so the rules stay pure and replayable. */
export interface EngineContext {
  now: string;
}

export type EngineEvent =
  | { type: "prospect.upserted"; prospect: Prospect; commandId: string; by?: string }
  | { type: "prospect.edited"; patch: ProspectPatch; commandId: string; by?: string }
  | { type: "cell.run"; stepId: string; trigger: RunTrigger; commandId: string; by?: string }
  | { type: "cell.rerun"; stepId: string; trigger: RunTrigger; commandId: string; by?: string }
  | { type: "cell.cancel"; stepId: string; commandId: string; by?: string }
  | {
      type: "cell.edit";
      stepId: string;
      output?: Output;
      inputs?: InputOverrides;
      commandId: string;
      by?: string;
    }
  | {
      type: "step.changed";
      stepId: string;
      autoRunSwitchedOn: boolean;
      runExisting: boolean;
      configChanged: boolean;
      runIfChanged: boolean;
      commandId: string;
    }
  | { type: "run.started"; result: Extract<Result, { type: "started" }> }
  | { type: "run.succeeded"; result: Extract<Result, { type: "succeeded" }> }
  | { type: "run.failed"; result: Extract<Result, { type: "failed" }> };

export type CommandEvent = Extract<EngineEvent, { commandId: string }>;
export type ResultEvent = Extract<EngineEvent, { result: Result }>;
export type CellCommandEvent = Extract<EngineEvent, { stepId: string; commandId: string }>;

export type Effect = { type: "queue"; run: RunMessage } | { type: "history"; entry: HistoryEntry };

export interface Refusal {
  code: ErrorCode;
  message: string;
  state?: CellState;
  waitingFor?: string[];
}

export interface Transition {
  row: Row | undefined;
  effects: Effect[];
  refusal?: Refusal;
  changed: boolean;
}

export interface BatchTransition extends Transition {
  refusals: Refusal[];
}

export function isCommandEvent(e: EngineEvent): e is CommandEvent {
  return "commandId" in e;
}
