import { defineConfig } from "vitest/config";

export default defineConfig({
  esbuild: { jsx: "automatic", jsxImportSource: "preact" },
  test: {
    include: ["**/*.test.{ts,tsx}"],
    exclude: ["node_modules/**", ".output/**", ".wxt/**"],
    environment: "happy-dom",
    setupFiles: ["./test-support/setup.ts"],
  },
});
