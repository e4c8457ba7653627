// The built extension in Chromium against the real stack (issue 4, "Tests that must exist").
import { mkdirSync } from "node:fs";
import path from "node:path";
import { expect, type Locator, type Page, test } from "@playwright/test";
import type { StudioClient } from "@studio/client";
import type { Campaign, Prospect } from "@studio/contracts";
import { configure, type ExtensionBrowser, launchWithExtension } from "./support/browser";
import { FIXTURE_PATHS, serveFixtures } from "./support/fixture-server";
import { type Stack, startStack } from "./support/stack";
import { apiClient, createE2eCampaign, until } from "./support/studio";

const SHOTS = path.join(import.meta.dirname, "screenshots");

let stack: Stack;
let ext: ExtensionBrowser;
let api: StudioClient;
let campaign: Campaign;
let prospects: Prospect[];
let crm: Page;
let fixtures: Awaited<ReturnType<typeof serveFixtures>>;
const dialogs: string[] = [];

const rowOf = (page: Page, email: string): Locator =>
  page.locator("tr", { hasText: email }).first();
const chip = (row: Locator, step: string): Locator => row.locator(`.chip[data-step="${step}"]`);
const cellState = async (prospectId: string, stepId: string) =>
  (await api.getCell({ campaignId: campaign.id, prospectId, stepId })).state;

async function openPopup(): Promise<Page> {
  const p = await ext.context.newPage();
  await p.goto(`chrome-extension://${ext.extensionId}/popup.html`);
  return p;
}

test.describe
  .serial("extension on the real stack", () => {
    test.beforeAll(async () => {
      test.setTimeout(180_000);
      mkdirSync(SHOTS, { recursive: true });
      stack = await startStack();
      api = apiClient(stack.apiUrl, stack.token);
      ({ campaign, prospects } = await createE2eCampaign(api, [
        {
          email: "ada@engines.example",
          firstName: "Ada",
          lastName: "Engines",
          crm: { hubspot: "51", salesforce: "003000000000001AAA", pipedrive: "42" },
        },
        { email: "grace@navy.example", firstName: "Grace", lastName: "Hopper" },
      ]));
      fixtures = await serveFixtures();
      ext = await launchWithExtension();
    });

    test.afterAll(async () => {
      await ext?.context.close();
      fixtures?.server.close();
      await stack?.stop();
    });

    test("options refuse a wrong token and save a real one after GET /v1/me", async () => {
      const page = await ext.context.newPage();
      await page.goto(`chrome-extension://${ext.extensionId}/options.html`);
      await page.getByLabel("Gateway URL").fill(stack.gatewayUrl);
      await page.getByLabel("API token").fill("ps_not_a_real_token_at_all");
      await page.getByRole("button", { name: "Check and save" }).click();
      await expect(page.getByRole("alert")).toHaveText("Not saved: the token was refused.");
      await page.close();
      const saved = await configure(ext, stack.gatewayUrl, stack.token);
      await expect(saved.getByRole("status")).toContainText("Demo Rep");
      await saved.close();
    });

    test("the popup picks the e2e campaign and the demo CRM gets chips on every row", async () => {
      const popup = await openPopup();
      await expect(popup.getByRole("status").first()).toHaveText("Online");
      await popup.getByRole("combobox", { name: /Campaign/ }).selectOption(campaign.id);
      await expect(popup.getByText("Insights", { exact: true })).toBeVisible();
      await popup.close();

      crm = await ext.context.newPage();
      crm.on("dialog", (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      await crm.goto(`${stack.gatewayUrl}/demo/crm`);
      const rows = crm.locator("tr[data-contact-id]");
      const n = await rows.count();
      expect(n).toBeGreaterThan(10);
      await expect(crm.locator("studio-cells")).toHaveCount(n);
      await expect(crm.locator(".chip")).toHaveCount(n * 3);
      await expect(crm.locator(".chip[data-state=done][data-step=insight]")).toHaveCount(n, {
        timeout: 30_000,
      });
      await crm.screenshot({ path: path.join(SHOTS, "demo-crm.png") });
    });

    test("a Co-Pilot cell shows Click to Run; a click runs it and the chip turns done without reload", async () => {
      const p = prospects[1]!;
      const row = rowOf(crm, p.email!);
      const nav = crm.evaluate(() => performance.getEntriesByType("navigation").length);
      await expect(
        chip(row, "content").getByRole("button", { name: /^Click to Run/ }),
      ).toBeVisible();
      await chip(row, "content")
        .getByRole("button", { name: /^Click to Run/ })
        .click();
      await expect(chip(row, "content")).toHaveAttribute("data-state", "done", { timeout: 20_000 });
      await expect(chip(row, "content").locator(".preview")).not.toBeEmpty();
      expect(await crm.evaluate(() => performance.getEntriesByType("navigation").length)).toBe(
        await nav,
      );
      // the downstream Co-Pilot export is now ready for review
      await expect(
        chip(row, "export").getByRole("button", { name: /^Review \+ Send/ }),
      ).toBeVisible();
    });

    test("hover shows Run Again, which reprocesses the cell", async () => {
      const p = prospects[1]!;
      const row = rowOf(crm, p.email!);
      const again = chip(row, "content").getByRole("button", { name: /^Run Again/ });
      await crm.mouse.move(0, 0);
      await crm.evaluate(() =>
        (document.activeElement?.shadowRoot?.activeElement as HTMLElement | null)?.blur(),
      );
      await expect(again).toHaveCSS("opacity", "0");
      await chip(row, "content").hover();
      await expect(again).toHaveCSS("opacity", "1");
      const before = await api.getCell({
        campaignId: campaign.id,
        prospectId: p.id,
        stepId: "content",
      });
      await again.click();
      await until(async () => {
        const c = await api.getCell({
          campaignId: campaign.id,
          prospectId: p.id,
          stepId: "content",
        });
        return (
          c.state === "done" && c.runId !== before.runId && c.history.length > before.history.length
        );
      });
      await expect(chip(row, "content")).toHaveAttribute("data-state", "done");
      // keyboard: focus reveals it too
      await crm.mouse.move(0, 0);
      await chip(row, "content")
        .getByRole("button", { name: /^Run Again/ })
        .focus();
      await expect(chip(row, "content").getByRole("button", { name: /^Run Again/ })).toHaveCSS(
        "opacity",
        "1",
      );
    });

    test("Review + Send sends the export; editing the email in review makes the export stale", async () => {
      const p = prospects[1]!;
      const row = rowOf(crm, p.email!);
      await chip(row, "export")
        .getByRole("button", { name: /^Review \+ Send/ })
        .click();
      const dialog = row.getByRole("dialog", { name: "Export details" });
      await expect(dialog).toContainText("Review: Email");
      await dialog.getByRole("button", { name: "Send", exact: true }).click();
      await expect(chip(row, "export")).toHaveAttribute("data-state", "done", { timeout: 20_000 });

      await chip(row, "content")
        .getByRole("button", { name: /details/ })
        .click();
      const email = row.getByRole("dialog", { name: "Email details" });
      await email.getByRole("button", { name: "Edit output" }).click();
      await email.getByLabel("Body").fill("Hi — edited by the rep in review.");
      await email.getByRole("button", { name: "Save" }).click();
      await expect(email.getByRole("status")).toHaveText("Saved.");
      await expect(chip(row, "export")).toHaveAttribute("data-state", "stale", { timeout: 15_000 });
      await expect(chip(row, "export")).toContainText("outdated");
      await expect(chip(row, "export").getByRole("button", { name: /^Run Again/ })).toBeVisible();
      expect(await cellState(p.id, "export")).toBe("stale");
    });

    test("the Auto-Pilot switch in the popup queues the ready cells", async () => {
      const ready = (await api.summary(campaign.id)).steps.content?.ready ?? 0;
      expect(ready).toBeGreaterThan(5);
      const popup = await openPopup();
      const sw = popup.getByRole("switch", { name: "Auto-Pilot for Email" });
      await expect(sw).toHaveAttribute("aria-checked", "false");
      await sw.click();
      await expect(popup.getByRole("alertdialog")).toContainText("ready");
      await popup.locator("main").screenshot({ path: path.join(SHOTS, "popup.png") });
      await popup.getByRole("button", { name: "Switch on and run existing cells" }).click();
      await expect(popup.getByText(/Email is on Auto-Pilot; \d+ cells? queued\./)).toBeVisible();
      await expect(sw).toHaveAttribute("aria-checked", "true");
      await until(
        async () => ((await api.summary(campaign.id)).steps.content?.ready ?? 0) === 0 || undefined,
      );
      await expect(crm.locator(".chip[data-step=content][data-state=ready]")).toHaveCount(0, {
        timeout: 20_000,
      });
      // back to Co-Pilot for the following tests
      await sw.click();
      await expect(sw).toHaveAttribute("aria-checked", "false");
      await popup.close();
    });

    test("the side panel lists the campaign live and bulk runs selected prospects", async () => {
      const panel = await ext.context.newPage();
      await panel.goto(`chrome-extension://${ext.extensionId}/sidepanel.html`);
      await expect(panel.getByRole("heading", { name: campaign.name })).toBeVisible();
      await panel.getByRole("combobox", { name: /State/ }).selectOption("ready");
      await panel.getByRole("combobox", { name: /^Step/ }).selectOption("export");
      const rows = panel.locator("tbody tr");
      const n = await rows.count();
      expect(n).toBeGreaterThan(2);
      await rows.nth(0).getByRole("checkbox").check();
      await rows.nth(1).getByRole("checkbox").check();
      const ids = await Promise.all(
        [0, 1].map((i) => rows.nth(i).getAttribute("data-prospect-id")),
      );
      await panel.screenshot({ path: path.join(SHOTS, "side-panel.png") });
      await panel.getByRole("combobox", { name: /Run step/ }).selectOption("export");
      await panel.getByRole("button", { name: "Run selected" }).click();
      await expect(panel.getByText("Queued 2; 0 refused.")).toBeVisible();
      for (const id of ids) await until(async () => (await cellState(id!, "export")) === "done");
      await panel.getByRole("combobox", { name: /State/ }).selectOption("done");
      await expect(panel.locator(`tbody tr[data-prospect-id="${ids[0]}"]`)).toBeVisible();
      await panel.close();
    });

    test("gateway stopped: offline shown and a click refused visibly; restarted: cells catch up, no reload", async () => {
      const p = prospects[2]!;
      const row = rowOf(crm, p.email!);
      await expect(chip(row, "insight")).toHaveAttribute("data-state", "done");
      await stack.stopGateway();
      await expect(crm.locator("studio-badge").getByRole("status")).toContainText("offline", {
        timeout: 30_000,
      });
      await chip(row, "insight").hover();
      await chip(row, "insight")
        .getByRole("button", { name: /^Run Again/ })
        .click();
      await expect(row.getByRole("alert")).toContainText("Offline");
      // meanwhile the campaign moves on through the other gateway
      const before = await api.getCell({
        campaignId: campaign.id,
        prospectId: p.id,
        stepId: "content",
      });
      await api
        .run({ campaignId: campaign.id, prospectId: p.id, stepId: "content" })
        .catch(() => api.rerun({ campaignId: campaign.id, prospectId: p.id, stepId: "content" }));
      await until(async () => {
        const c = await api.getCell({
          campaignId: campaign.id,
          prospectId: p.id,
          stepId: "content",
        });
        return c.state === "done" && c.version > before.version;
      });
      const doneVersion = (
        await api.getCell({ campaignId: campaign.id, prospectId: p.id, stepId: "content" })
      ).version;
      await stack.startGateway();
      await expect(crm.locator("studio-badge").getByRole("status")).toHaveCount(0, {
        timeout: 30_000,
      });
      await expect(chip(row, "content")).toHaveAttribute("data-state", "done", { timeout: 30_000 });
      expect(doneVersion).toBeGreaterThan(before.version);
    });

    test("service worker stopped: updates resume without a gap", async () => {
      const p = prospects[3]!;
      const row = rowOf(crm, p.email!);
      // Mark the running worker, then stop it as chrome://serviceworker-internals does (DevTools protocol).
      const before = await ext.worker();
      await before.evaluate(() => {
        (globalThis as { __studioMarker?: number }).__studioMarker = 1;
      });
      const internals = await ext.context.newPage();
      await internals.goto("chrome://serviceworker-internals/");
      await internals.getByRole("button", { name: "Stop", exact: true }).first().click();
      await internals.close();
      // changes made while the worker is down
      await api.rerun({ campaignId: campaign.id, prospectId: p.id, stepId: "insight" });
      await api.patchProspect(campaign.id, p.id, { title: "Chief Revenue Officer" });
      const settled = await until(async () => {
        const [i, c] = await Promise.all(
          ["insight", "content"].map((stepId) =>
            api.getCell({ campaignId: campaign.id, prospectId: p.id, stepId }),
          ),
        );
        return i?.state === "done" && (c?.state === "ready" || c?.state === "stale")
          ? { i: i!, c: c! }
          : undefined;
      });
      // the page reconnects its port, which restarts the worker; it resumes from the persisted id.
      // The prospect edit may start more runs after `settled`, so compare with the cell as it
      // stands now, every time, until chip and gateway agree.
      const latest = (stepId: string) =>
        api.getCell({ campaignId: campaign.id, prospectId: p.id, stepId });
      for (const stepId of ["insight", "content"]) {
        await expect
          .poll(
            async () => {
              const cell = await latest(stepId);
              const shown = await chip(row, stepId).getAttribute("data-version");
              return shown === String(cell.version)
                ? cell.state
                : `chip ${shown} ≠ ${cell.version}`;
            },
            { timeout: 30_000 },
          )
          .toMatch(/^(done|ready|stale|waiting)$/);
      }
      expect(settled.i.state).toBe("done");
      // the worker serving the page now is a new instance (the marker is gone)
      const markers = await Promise.all(
        ext.context
          .serviceWorkers()
          .map((w) =>
            w
              .evaluate(() => (globalThis as { __studioMarker?: number }).__studioMarker)
              .catch(() => "gone"),
          ),
      );
      expect(markers).toContain(undefined);
    });

    test("hostile markup in a prospect's name renders as text everywhere", async () => {
      const mallory = prospects.find((x) => /<|>/.test(`${x.firstName}${x.lastName}${x.company}`));
      expect(mallory).toBeTruthy();
      const hostile = crm.locator("studio-cells img, studio-cells script");
      await expect(hostile).toHaveCount(0);
      const row = rowOf(crm, mallory!.email!);
      await chip(row, "insight")
        .getByRole("button", { name: /details/ })
        .click();
      await expect(row.getByRole("dialog")).toBeVisible();
      await expect(row.getByRole("dialog").locator("img, script")).toHaveCount(0);
      await crm.keyboard.press("Escape");
      const panel = await ext.context.newPage();
      panel.on("dialog", (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      await panel.goto(`chrome-extension://${ext.extensionId}/sidepanel.html`);
      await expect(
        panel.getByText(mallory!.firstName ?? "", { exact: false }).first(),
      ).toBeVisible();
      await expect(panel.locator("tbody img, tbody script")).toHaveCount(0);
      await panel.close();
      expect(dialogs).toEqual([]);
    });

    for (const [name, p] of Object.entries(FIXTURE_PATHS)) {
      test(`the ${name} fixture served locally gets chips on matching rows and Add to campaign on others`, async () => {
        const page = await ext.context.newPage();
        await page.goto(`${fixtures.url}${p}`);
        const ada = rowOf(page, "ada@engines.example");
        await expect(ada.locator("studio-cells")).toHaveCount(1);
        await expect(ada.locator(".chip")).toHaveCount(3);
        await expect(chip(ada, "insight")).toHaveAttribute("data-state", "done", {
          timeout: 20_000,
        });
        await expect(page.locator("studio-cells")).toHaveCount(3); // never the hidden cached view
        const alan = rowOf(page, "alan@bletchley.example");
        const add = alan.getByRole("button", { name: /^Add to campaign/ });
        if (name === "hubspot") {
          await add.click();
          await expect(alan.locator(".chip")).toHaveCount(3, { timeout: 15_000 });
        } else {
          await expect(add.or(alan.locator(".chip").first())).toBeVisible();
        }
        await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
        await page.close();
      });
    }
  });
