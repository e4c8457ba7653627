// Launches Debian's Chromium with the built extension (never a downloaded browser).
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type BrowserContext, chromium, type Page, type Worker } from "@playwright/test";
import { ROOT } from "./stack";

export const EXTENSION_DIR = path.join(ROOT, "extension/.output/chrome-mv3");
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export type ExtensionBrowser = {
  context: BrowserContext;
  extensionId: string;
  worker: () => Promise<Worker>;
};

export async function launchWithExtension(): Promise<ExtensionBrowser> {
  if (!existsSync(path.join(EXTENSION_DIR, "manifest.json"))) {
    throw new Error("build the extension first: pnpm --filter @studio/extension build");
  }
  const context = await chromium.launchPersistentContext(
    mkdtempSync(path.join(tmpdir(), "studio-profile-")),
    {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1400, height: 900 },
      args: [
        `--disable-extensions-except=${EXTENSION_DIR}`,
        `--load-extension=${EXTENSION_DIR}`,
        "--no-sandbox",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
      ],
    },
  );
  const worker = async () =>
    context.serviceWorkers()[0] ?? (await context.waitForEvent("serviceworker"));
  const extensionId = new URL((await worker()).url()).host;
  return { context, extensionId, worker };
}

/** Fills Options like a rep: URL + token, "Check and save", waits for the confirmation. */
export async function configure(
  ext: ExtensionBrowser,
  gatewayUrl: string,
  token: string,
): Promise<Page> {
  const page = await ext.context.newPage();
  await page.goto(`chrome-extension://${ext.extensionId}/options.html`);
  await page.getByLabel("Gateway URL").fill(gatewayUrl);
  await page.getByLabel("API token").fill(token);
  await page.getByRole("button", { name: "Check and save" }).click();
  await page.getByText(/^Saved\. Connected as/).waitFor();
  return page;
}
