// Public surface of @studio/contracts: every schema, type, name and builder that crosses
// a process boundary.
export * from "./api";
export * from "./bus-messages";
export * from "./campaign";
export * from "./cell";
export * from "./condition";
export * from "./errors";
export * from "./ids";
export * from "./names";
export * from "./outputs";
export * from "./prospect";
export * from "./signals";
export * from "./step";
export * from "./stores";
