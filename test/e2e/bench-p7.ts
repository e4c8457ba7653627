// GOALS P7: the built extension on a 1,000-row CRM page, in Debian's Chromium, against the real
// stack. Measures (medians over several loads): time from the load event until every row has its
// chips, long tasks (> 50 ms) while decorating, and long tasks while a burst of >= 1,000 cell
// updates (a bulk run of one step over all 1,000 prospects) is applied. Prints a JSON line.
// Run: cd test && pnpm exec tsx e2e/bench-p7.ts   (needs `pnpm --filter @studio/extension build`)
import { execSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { CDPSession, Page } from "@playwright/test";
import { configure, launchWithExtension } from "./support/browser";
import { serveFixtures } from "./support/fixture-server";
import { startStack } from "./support/stack";
import { apiClient, E2E_STEPS, until } from "./support/studio";

const ROWS = Number(process.env.P7_ROWS ?? 1000);
const LOADS = Number(process.env.P7_LOADS ?? 5);
const SKIP_BURST = process.env.P7_SKIP_BURST === "1";
/** Writes a Chromium performance trace of each load to this directory (profiling only). */
const TRACE_DIR = process.env.P7_TRACE;
const esc = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

function page(rows: Array<{ id: string; email: string; name: string; company: string }>): string {
  const body = rows
    .map(
      (
        r,
      ) => `<tr data-contact-id="${esc(r.id)}"><td><input type="checkbox" aria-label="Select"></td>
<td data-field="name">${esc(r.name)}</td><td data-field="email"><a href="mailto:${esc(r.email)}">${esc(r.email)}</a></td>
<td data-field="company">${esc(r.company)}</td><td data-field="title">Head of Sales</td><td data-field="owner">Sam Rep</td>
<td data-field="lastActivity">today</td></tr>`,
    )
    .join("\n");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Contacts · ${rows.length}</title></head>
<body><main><h1>Contacts</h1><table data-studio-demo="contacts"><thead><tr><th></th><th>Name</th><th>Email</th>
<th>Company</th><th>Title</th><th>Owner</th><th>Last activity</th></tr></thead><tbody>${body}</tbody></table></main></body></html>`;
}

// tsx keeps function names with a __name helper that page.evaluate'd functions would miss.
const LONGTASKS = `globalThis.__name = (f) => f;
document.addEventListener("readystatechange", () => document.documentElement.setAttribute("data-studio-perf", ""), { once: true });
(() => {
  window.__long = [];
  const push = (es) => { for (const e of es) window.__long.push({ start: e.startTime, duration: e.duration }); };
  const obs = new PerformanceObserver((l) => push(l.getEntries()));
  obs.observe({ type: "longtask", buffered: true });
  // Entries not yet handed to the callback (a long task that just ended) count too.
  window.__takeLong = () => { push(obs.takeRecords()); return window.__long; };
})();`;

async function decoratedAt(p: Page, rows: number): Promise<number> {
  return p.evaluate(
    (n) =>
      new Promise<number>((resolve) => {
        const check = () => {
          const hosts = document.querySelectorAll("studio-cells");
          if (hosts.length >= n) {
            let all = true;
            for (const h of hosts) {
              if (
                !h.shadowRoot?.querySelector(".chip") ||
                (h as HTMLElement).style.display === "none"
              )
                all = false;
            }
            if (all) return resolve(performance.now());
          }
          requestAnimationFrame(check);
        };
        check();
      }),
    rows,
  );
}

const TRACE_CATEGORIES = [
  "devtools.timeline",
  "disabled-by-default-devtools.timeline",
  "disabled-by-default-devtools.timeline.frame",
  "v8.execute",
  "blink",
  "blink.user_timing",
  "disabled-by-default-v8.cpu_profiler",
].join(",");

async function startTrace(p: Page): Promise<CDPSession> {
  const cdp = await p.context().newCDPSession(p);
  await cdp.send("Tracing.start", {
    categories: TRACE_CATEGORIES,
    transferMode: "ReturnAsStream",
  });
  return cdp;
}

async function endTrace(cdp: CDPSession, file: string): Promise<void> {
  const done = new Promise<string>((resolve) =>
    cdp.once("Tracing.tracingComplete", (e) => resolve(e.stream ?? "")),
  );
  await cdp.send("Tracing.end");
  const handle = await done;
  const parts: string[] = [];
  for (;;) {
    const chunk = await cdp.send("IO.read", { handle });
    parts.push(chunk.base64Encoded ? Buffer.from(chunk.data, "base64").toString() : chunk.data);
    if (chunk.eof) break;
  }
  await cdp.send("IO.close", { handle });
  await cdp.detach();
  writeFileSync(file, parts.join(""));
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[Math.floor((s.length - 1) / 2)] as number) : Number.NaN;
};

const stack = await startStack();
const ext = await launchWithExtension();
try {
  const api = apiClient(stack.apiUrl, stack.token);
  const campaign = await api.createCampaign({
    name: `P7 ${ROWS} rows`,
    steps: E2E_STEPS,
  });
  const input = Array.from({ length: ROWS }, (_, i) => ({
    email: `p7.${i}@bench${i % 37}.example`,
    firstName: `Pat${i}`,
    lastName: "Bench",
    company: `Bench ${i % 37} Inc`,
  }));
  const up = await api.upsertProspects(campaign.id, { prospects: input });
  const ids = new Map(up.items.map((x) => [x.email, x.id]));
  await until(
    async () => ((await api.summary(campaign.id)).steps.content?.ready ?? 0) >= ROWS || undefined,
    120_000,
  );
  const rows = input.map((p) => ({
    id: ids.get(p.email) ?? "",
    email: p.email,
    name: `${p.firstName} ${p.lastName}`,
    company: p.company,
  }));
  const fixtures = await serveFixtures({ "/demo/crm": () => page(rows) });
  await configure(ext, stack.gatewayUrl, stack.token);
  const pop = await ext.context.newPage();
  await pop.goto(`chrome-extension://${ext.extensionId}/popup.html`);
  await pop.getByRole("combobox", { name: /Campaign/ }).selectOption(campaign.id);
  await pop.getByText(`${ROWS} ready`).first().waitFor({ timeout: 60_000 });

  const loads: Array<{ decorateMs: number; longTasks: number; maxLongTaskMs: number }> = [];
  const p = await ext.context.newPage();
  await p.addInitScript(LONGTASKS);
  for (let i = 0; i < LOADS; i++) {
    const trace = TRACE_DIR ? await startTrace(p) : undefined;
    await p.goto(`${fixtures.url}/demo/crm`, { waitUntil: "load" });
    const loadEnd = await p.evaluate(
      () =>
        (performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming).loadEventEnd,
    );
    const at = await decoratedAt(p, ROWS);
    // The frame that lays out the strips just shown runs after the check: let it finish (two
    // frames and a task), then 300 ms more, before collecting long tasks.
    await p.evaluate(
      () =>
        new Promise<void>((r) =>
          requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 0))),
        ),
    );
    await p.waitForTimeout(300);
    if (trace && TRACE_DIR) await endTrace(trace, path.join(TRACE_DIR, `p7-load-${i}.json`));
    const long = await p.evaluate(() =>
      (
        window as unknown as { __takeLong: () => Array<{ duration: number; start: number }> }
      ).__takeLong(),
    );
    if (process.env.P7_DEBUG) {
      console.error("loadEnd", Math.round(loadEnd), "decorated", Math.round(at));
      const passes = await p.evaluate(() =>
        performance
          .getEntriesByName("studio:pass")
          .map((e) => [
            Math.round(e.startTime),
            Math.round(e.duration),
            (e as PerformanceMeasure).detail,
          ]),
      );
      console.error("passes", passes.length, JSON.stringify(passes.slice(0, 30)));
      console.error(
        "long",
        long.length,
        JSON.stringify(long.slice(0, 30).map((l) => [Math.round(l.start), Math.round(l.duration)])),
      );
    }
    loads.push({
      decorateMs: Math.round(at - loadEnd),
      longTasks: long.filter((l) => l.duration > 50).length,
      maxLongTaskMs: Math.round(Math.max(0, ...long.map((l) => l.duration))),
    });
  }

  // Scrolling the decorated page to the bottom, a screen at a time (strips off-screen are laid
  // out as they come near): long tasks while scrolling.
  const scrollTrace = TRACE_DIR ? await startTrace(p) : undefined;
  const scroll = await p.evaluate(async () => {
    const w = window as unknown as {
      __long: unknown[];
      __takeLong: () => Array<{ duration: number }>;
    };
    w.__takeLong();
    w.__long = [];
    const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    let steps = 0;
    window.scrollTo(0, 0);
    await frame();
    while (window.scrollY + window.innerHeight < document.documentElement.scrollHeight - 1) {
      window.scrollBy(0, window.innerHeight * 0.9);
      steps++;
      await frame();
      await frame();
    }
    const long = w.__takeLong();
    return {
      steps,
      longTasksOver50ms: long.filter((l) => l.duration > 50).length,
      maxLongTaskMs: Math.round(Math.max(0, ...long.map((l) => l.duration))),
    };
  });

  if (scrollTrace && TRACE_DIR) await endTrace(scrollTrace, path.join(TRACE_DIR, "p7-scroll.json"));

  // Burst: run the Email step for all prospects: queued → running → done for each (>= 2,000 updates).
  await p.evaluate(() => {
    (window as unknown as { __long: unknown[] }).__long = [];
  });
  const t0 = Date.now();
  const bulk = SKIP_BURST
    ? { accepted: 0, refused: [] }
    : await api.bulkRun(campaign.id, { stepId: "content", states: ["ready"] });
  if (!SKIP_BURST)
    await p.waitForFunction(
      (n) =>
        document.querySelectorAll("studio-cells").length >= n &&
        [...document.querySelectorAll("studio-cells")].every(
          (h) =>
            h.shadowRoot
              ?.querySelector('.chip[data-step="content"]')
              ?.getAttribute("data-state") === "done",
        ),
      ROWS,
      { timeout: 180_000, polling: 250 },
    );
  const burstMs = Date.now() - t0;
  const burstLong = await p.evaluate(() =>
    (window as unknown as { __takeLong: () => Array<{ duration: number }> }).__takeLong(),
  );

  const result = {
    goal: "P7",
    rows: ROWS,
    loads: loads.length,
    decorateAfterLoadMsMedian: median(loads.map((l) => l.decorateMs)),
    decorateAfterLoadMsAll: loads.map((l) => l.decorateMs),
    longTasksDuringLoadMax: Math.max(...loads.map((l) => l.longTasks)),
    maxLongTaskDuringLoadMs: Math.max(...loads.map((l) => l.maxLongTaskMs)),
    scroll,
    burst: {
      acceptedRuns: bulk.accepted,
      cellUpdatesAtLeast: bulk.accepted * 3,
      msUntilAllDoneOnPage: burstMs,
      longTasksOver50ms: burstLong.filter((l) => l.duration > 50).length,
      maxLongTaskMs: Math.round(Math.max(0, ...burstLong.map((l) => l.duration))),
    },
    loadAverage1m: Math.round((os.loadavg()[0] ?? 0) * 10) / 10,
    date: new Date().toISOString(),
    commit: execSync("git rev-parse --short HEAD", {
      cwd: path.resolve(import.meta.dirname, "../.."),
    })
      .toString()
      .trim(),
    machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}`,
    browser: ext.context.browser()?.version() ?? "chromium (persistent context)",
  };
  console.log(JSON.stringify(result));
  writeFileSync(
    path.join(import.meta.dirname, "p7-results.json"),
    `${JSON.stringify(result, null, 2)}\n`,
  );
  fixtures.server.close();
} finally {
  await ext.context.close();
  await stack.stop();
}
