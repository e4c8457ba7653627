// Shared service plumbing: logger, env parsing, graceful shutdown.
export * from "./env";
export * from "./logger";
export * from "./shutdown";
