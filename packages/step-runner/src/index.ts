// Runs one step kind's work: the results protocol, timeouts and the step's retry policy.
export { type Execution, type Executor, executeRun, type Outcome } from "./execute-run";
export { runStepService, type ServiceContext } from "./run-service";
export { readStepConfig, type StepServiceConfig } from "./step-config";
export { type StepServiceOptions, startStepService } from "./step-service";
