// Operator tasks shared by the stack runner and the CLI: tokens and the demo workspace.
export * from "./demo-data";
export * from "./tokens";
