// Public surface of @studio/engine: the product's rules as pure functions (no I/O, time passed in).
export { applyEvent, applyEvents, checkCommand, newRow } from "./apply";
export {
  type BulkRunQuery,
  DEFAULT_BULK_STATES,
  selectAutoRunSwitch,
  selectBulkRun,
  selectBulkStop,
} from "./bulk";
export { summarize, toPublicCell } from "./cell-view";
export { type ConditionScope, describeCondition, evaluateCondition } from "./condition";
export { findStep, type StepError, validateSteps } from "./graph";
export {
  autoRunId,
  canonicalJson,
  commandRunId,
  exportIdempotencyKey,
  hashInputs,
  type RowKeyParts,
  runIdFor,
} from "./hash";
export { conditionScope, resolveInputs } from "./inputs";
export { predictCell } from "./predict";
export type {
  BatchTransition,
  Effect,
  EngineContext,
  EngineEvent,
  Refusal,
  Transition,
} from "./types";
