import { defineConfig } from "@playwright/test";

// The built extension in Debian's Chromium, headless, against the real stack (`pnpm start`).
// Nothing here downloads a browser: support/browser.ts uses /usr/bin/chromium.
export default defineConfig({
  testDir: ".",
  testMatch: /.*\.spec\.ts$/,
  fullyParallel: false,
  workers: 1,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: [["list"]],
  outputDir: "./test-results",
  use: { trace: "off" },
});
