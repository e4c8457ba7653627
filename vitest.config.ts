import { defineConfig } from "vitest/config";

// One runner for the whole repo: unit tests sit beside the code, tests that need
// processes (a real nats-server, HTTP servers) live under test/integration.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["packages/*/src/**/*.test.ts", "services/*/src/**/*.test.ts"],
          environment: "node",
        },
      },
      {
        extends: "./extension/vitest.config.ts",
        test: { name: "extension", root: "./extension" },
      },
      {
        test: {
          name: "integration",
          include: ["test/integration/**/*.test.ts"],
          environment: "node",
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
