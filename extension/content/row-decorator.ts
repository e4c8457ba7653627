// Follows a CRM list as it re-renders: one MutationObserver, work batched per animation frame
// and time-sliced, navigation detected from the URL, one mount per row keyed by the row's
// current record identity (re-checked on every change), unmounted when the row leaves.
import type { RowIdentity, SiteAdapter } from "../adapters";

export const HOST_TAG = "studio-cells";

export type RowMount = {
  host: HTMLElement;
  update(identity: RowIdentity): void;
  destroy(): void;
};

export type RowDecoratorOptions = {
  doc: Document;
  /** Called at start and whenever the URL changes. */
  getAdapter: (url: URL) => SiteAdapter | undefined;
  createMount: (identity: RowIdentity, row: Element) => RowMount;
  /** After every pass: the identities currently mounted (for "run all ready on this page"). */
  onPass?: (identities: RowIdentity[]) => void;
  onAdapterChange?: (adapter: SiteAdapter | undefined) => void;
  /** Rows are only mounted once this says yes (the campaign data has arrived). */
  canMount?: () => boolean;
  /** Frame scheduler for a new pass; requestAnimationFrame by default. */
  schedule?: (cb: () => void) => void;
  /**
   * Continues a pass that ran out of budget; `schedule` when that is given, else a new task
   * right away (new strips are hidden meanwhile, so there is no frame to wait for).
   */
  yieldTask?: (cb: () => void) => void;
  /** Work budget per slice in ms before yielding. Default 25 (long tasks start at 50). */
  budgetMs?: number;
  /** URL polling period in ms (SPA navigation without mutations). Default 1000; 0 = off. */
  urlPollMs?: number;
};

/**
 * New strips stay hidden until the pass completes, so the CRM's table is laid out once for all
 * of them rather than once per slice; on a list so big that mounting takes longer than this,
 * the strips mounted so far are shown anyway.
 */
const REVEAL_AFTER_MS = 1000;

/**
 * Strips within this many viewport sizes of the viewport are rendered (data-near); the others
 * are skipped by content-visibility until they come that near, and once rendered they stay
 * rendered, so scrolling back and forth does not lay the CRM's table out again and again.
 * Not less than the browser's own content-visibility margin: with 1, Chromium rendered the
 * strips between 1 and 1.5 screens away itself, in a second layout of the table in the same
 * frame (trace: reveal 236-246 ms CPU with 1, 175-189 ms with 1.5).
 */
const NEAR = 1.5;
const NEAR_ATTR = "data-near";

/**
 * After the reveal, the strips still skipped are rendered in the background, nearest first,
 * this many per slice and one slice per frame (each slice is one layout of the CRM's table:
 * about 12-25 ms Layout + 20 ms PrePaint on the loaded bench machine whatever the slice size,
 * plus ~0.3 ms per strip), so that a later scroll finds them rendered instead of laying the
 * table out at every step.
 */
const BACKGROUND_SLICE = 24;

/** A new task as soon as possible (no 4 ms clamp as with nested setTimeout). */
function nextTask(win: (Window & typeof globalThis) | null): (cb: () => void) => void {
  const Channel = win?.MessageChannel ?? globalThis.MessageChannel;
  if (!Channel) return (cb) => setTimeout(cb, 0);
  const channel = new Channel();
  const queue: Array<() => void> = [];
  channel.port1.onmessage = () => queue.shift()?.();
  return (cb) => {
    queue.push(cb);
    channel.port2.postMessage(null);
  };
}

type Entry = { key: string; identity: RowIdentity; mount: RowMount };

export function createRowDecorator(opts: RowDecoratorOptions) {
  const { doc } = opts;
  const win = doc.defaultView as (Window & typeof globalThis) | null;
  const schedule =
    opts.schedule ?? ((cb: () => void) => (win?.requestAnimationFrame ?? setTimeout)(() => cb()));
  const yieldTask = opts.yieldTask ?? (opts.schedule ? schedule : nextTask(win));
  const budget = opts.budgetMs ?? 25;
  const entries = new Map<Element, Entry>();
  let observedRoots = new WeakSet<Node>();
  let adapter: SiteAdapter | undefined;
  let href = "";
  let pending = false;
  /** A change of the page since the last full pass: re-check every row. */
  let dirty = true;
  let backlog: Element[] = [];
  let hidden: HTMLElement[] = [];
  /** When the oldest hidden strip was mounted. */
  let hiddenSince = 0;
  let nearObserver: IntersectionObserver | undefined;
  /**
   * Strips shown but still skipped by content-visibility, nearest to the viewport (at the time
   * they were shown) first: rendered in the background, BACKGROUND_SLICE per frame.
   */
  let farQueue: HTMLElement[] = [];
  let backgroundPending = false;
  /** The page was found quiet once since the last reveal: slices follow frame after frame. */
  let quiet = false;
  function markNear(host: Element) {
    host.toggleAttribute(NEAR_ATTR, true);
    nearObserver?.unobserve(host);
  }
  function scheduleBackground() {
    if (backgroundPending || !farQueue.length || !running) return;
    backgroundPending = true;
    // After the next frame (which lays out what the previous slice changed), when idle.
    const raf = win?.requestAnimationFrame ?? ((f: () => void) => setTimeout(f, 16));
    raf(() => {
      const ric = win?.requestIdleCallback;
      if (!ric) return void setTimeout(renderFarSlice, 0);
      // The first slice waits for the page to be quiet (an idle period with no frame due, for
      // at most 1 s): right after the reveal it ran into the observer's first callback and GC
      // and made one more long task (70-130 ms on the loaded bench machine).
      const until = performance.now() + 1000;
      const wait = (d: IdleDeadline) => {
        if (!quiet && farQueue.length && d.timeRemaining() < 40 && performance.now() < until)
          return void ric(wait, { timeout: Math.max(1, until - performance.now()) });
        quiet = true;
        renderFarSlice();
      };
      ric(wait, { timeout: quiet ? 100 : 1000 });
    });
  }
  /** When the observer last marked strips (the table is laid out again in the next frame). */
  let observerMarkedAt = Number.NEGATIVE_INFINITY;
  function markFromQueue() {
    // Attribute writes only (no layout read): the slice costs one layout of the table, in the
    // next frame. Strips the observer already marked, or since unmounted, are skipped.
    let n = 0;
    let i = 0;
    for (; i < farQueue.length && n < BACKGROUND_SLICE; i++) {
      const h = farQueue[i] as HTMLElement;
      if (!h.isConnected || h.hasAttribute(NEAR_ATTR)) continue;
      markNear(h);
      n++;
    }
    farQueue = farQueue.slice(i);
    if (!farQueue.length) quiet = false;
  }
  function renderFarSlice() {
    backgroundPending = false;
    if (!running) return;
    // While scrolling, the slices ride along with the observer's (one layout, not two).
    if (performance.now() - observerMarkedAt > 100) markFromQueue();
    scheduleBackground();
  }
  function watchNear(host: HTMLElement) {
    const IO = win?.IntersectionObserver;
    if (!IO) {
      host.toggleAttribute(NEAR_ATTR, true);
      return;
    }
    nearObserver ??= new IO(
      (entries) => {
        let marked = false;
        for (const en of entries) {
          if (!en.isIntersecting) continue;
          markNear(en.target);
          marked = true;
        }
        if (marked && quiet) {
          observerMarkedAt = performance.now();
          markFromQueue();
        }
      },
      // No scrollMargin: Chromium applies it to the page's own scroller too, which marked strips
      // four screens away. Inside a CRM's scrolling grid a strip is marked once it shows, and
      // until then the browser's own content-visibility margin renders it in time.
      { rootMargin: `${NEAR * 100}%` },
    );
    nearObserver.observe(host);
  }
  function reveal() {
    if (!hidden.length) return;
    // Strips near the viewport are laid out with the table at once (read from the layout of
    // the previous frame: the hidden strips are not in it); the others wait behind
    // content-visibility (chip-styles.ts), so one layout of the table shows every strip.
    const vw = win?.innerWidth ?? 0;
    const vh = win?.innerHeight ?? 0;
    // Distance outside the viewport, in viewport sizes (0 = on screen or unknown).
    const distance = hidden.map((h) => {
      const b = h.parentElement?.getBoundingClientRect();
      if (!b) return 0;
      const dy = b.bottom < 0 ? -b.bottom : b.top > vh ? b.top - vh : 0;
      const dx = b.right < 0 ? -b.right : b.left > vw ? b.left - vw : 0;
      return Math.max(vh ? dy / vh : 0, vw ? dx / vw : 0);
    });
    const far: Array<[number, HTMLElement]> = [];
    hidden.forEach((h, i) => {
      const d = distance[i] as number;
      if (d <= NEAR) h.toggleAttribute(NEAR_ATTR, true);
      else {
        watchNear(h);
        far.push([d, h]);
      }
      h.style.removeProperty("display");
    });
    hidden = [];
    far.sort((a, b) => a[0] - b[0]);
    for (const [, h] of far) farQueue.push(h);
    scheduleBackground();
  }
  let running = false;
  let urlTimer: ReturnType<typeof setInterval> | undefined;
  let observer: MutationObserver | undefined;
  let stats = { passes: 0, mounts: 0, unmounts: 0, updates: 0 };

  const isOurs = (n: Node) => n.nodeType === 1 && (n as Element).localName === HOST_TAG;

  function relevant(records: MutationRecord[]): boolean {
    for (const r of records) {
      if (r.type !== "childList") return true;
      if (isOurs(r.target)) continue;
      for (const n of r.addedNodes) if (!isOurs(n)) return true;
      for (const n of r.removedNodes) if (!isOurs(n)) return true;
    }
    return false;
  }

  function observe(root: Node) {
    if (!observer || observedRoots.has(root)) return;
    observedRoots.add(root);
    observer.observe(root, {
      subtree: true,
      childList: true,
      characterData: true,
      ...(adapter?.watchAttributes.length
        ? { attributes: true, attributeFilter: adapter.watchAttributes }
        : {}),
    });
  }

  function unmount(row: Element, e: Entry) {
    nearObserver?.unobserve(e.mount.host);
    e.mount.destroy();
    entries.delete(row);
    stats.unmounts++;
  }

  function unmountAll() {
    for (const [row, e] of entries) unmount(row, e);
  }

  function checkUrl(): void {
    const now = win?.location.href ?? "";
    if (now === href && adapter) return;
    const urlChanged = now !== href;
    href = now;
    const next = opts.getAdapter(new URL(now));
    if (!urlChanged && next === adapter) return;
    // New view or new site: everything is re-checked against the new rows.
    unmountAll();
    if (next === adapter) return;
    adapter = next;
    if (observer) {
      // The attribute filter is per adapter: observe again from scratch (or not at all).
      observer.disconnect();
      observedRoots = new WeakSet<Node>();
      if (adapter) observe(doc.body ?? doc.documentElement);
    }
    opts.onAdapterChange?.(adapter);
  }

  /** Mounts or re-checks one row; returns false when it is a new row and the budget is spent. */
  function handleRow(row: Element, deadline: number): boolean {
    if (!adapter) return true;
    const existing = entries.get(row);
    if (!existing && (performance.now() > deadline || opts.canMount?.() === false)) return false;
    const identity = adapter.readRow(row);
    if (!identity) {
      if (existing) unmount(row, existing);
      return true;
    }
    const target = adapter.mountPoint(row);
    if (!target) return true;
    let e = existing;
    if (!e) {
      e = { key: identity.key, identity, mount: opts.createMount(identity, row) };
      entries.set(row, e);
      stats.mounts++;
      // Hidden until the pass completes: the CRM's table is laid out once, not once per frame.
      e.mount.host.style.display = "none";
      if (!hidden.length) hiddenSince = performance.now();
      hidden.push(e.mount.host);
    } else if (e.key !== identity.key || !sameIdentity(e.identity, identity)) {
      // Recycled row: same <tr>, another record. Re-key the mount in place.
      e.key = identity.key;
      e.identity = identity;
      e.mount.update(identity);
      stats.updates++;
    }
    const host = e.mount.host;
    if (host.getAttribute("data-ext-rid") !== identity.key)
      host.setAttribute("data-ext-rid", identity.key);
    if (host.parentNode !== target) target.appendChild(host);
    // A re-render may have cloned our host: keep exactly one per row.
    const hosts = row.getElementsByTagName(HOST_TAG);
    if (hosts.length > 1) for (const h of Array.from(hosts)) if (h !== host) h.remove();
    return true;
  }

  /**
   * One pass; returns false when it ran out of budget and must continue next frame. A full
   * pass (after a change of the page) re-checks every row; a continuation pass only mounts the
   * rows the previous one had no time for, so a big list is decorated in O(rows) total.
   */
  function pass(deadline: number): boolean {
    if (!dirty && backlog.length) {
      let i = 0;
      for (; i < backlog.length; i++) {
        const row = backlog[i] as Element;
        if (!row.isConnected || entries.has(row)) continue;
        if (!handleRow(row, deadline)) break;
      }
      backlog = backlog.slice(i);
      if (!backlog.length) opts.onPass?.(Array.from(entries.values(), (x) => x.identity));
      return backlog.length === 0;
    }
    dirty = false;
    backlog = [];
    checkUrl();
    stats.passes++;
    if (!adapter) return true;
    for (const sr of adapter.shadowRoots(doc)) observe(sr);
    const rows = adapter.findRows(doc);
    const live = new Set(rows);
    for (const [row, e] of entries) if (!live.has(row) || !row.isConnected) unmount(row, e);
    for (const row of rows) if (!handleRow(row, deadline)) backlog.push(row);
    opts.onPass?.(Array.from(entries.values(), (x) => x.identity));
    if (opts.canMount?.() === false) backlog = []; // nothing to do until remount()/refresh()
    return backlog.length === 0;
  }

  function run() {
    pending = false;
    if (!running) return;
    const t0 = performance.now();
    const before = stats.mounts;
    const complete = pass(t0 + budget);
    if (complete || performance.now() - hiddenSince >= REVEAL_AFTER_MS) reveal();
    // On the page's performance timeline only when asked for (benchmarks): entries never pile up.
    if (doc.documentElement.hasAttribute("data-studio-perf")) {
      performance.measure?.("studio:pass", {
        start: t0,
        detail: { mounts: stats.mounts - before, rows: entries.size },
      });
    }
    if (!complete) {
      pending = true;
      yieldTask(run);
    }
  }

  function request() {
    if (pending || !running) return;
    pending = true;
    schedule(run);
  }

  function onMutations(records: MutationRecord[]) {
    if (relevant(records)) {
      dirty = true;
      request();
    }
  }

  return {
    start() {
      if (running) return;
      running = true;
      observer = new MutationObserver(onMutations);
      observedRoots = new WeakSet<Node>();
      dirty = true;
      backlog = [];
      href = "";
      checkUrl();
      if (opts.urlPollMs !== 0) {
        urlTimer = setInterval(() => {
          if (!adapter || (win?.location.href ?? "") !== href) {
            dirty = true;
            request();
          }
        }, opts.urlPollMs ?? 1000);
      }
      request();
    },
    stop() {
      running = false;
      observer?.disconnect();
      observer = undefined;
      nearObserver?.disconnect();
      nearObserver = undefined;
      farQueue = [];
      quiet = false;
      if (urlTimer) clearInterval(urlTimer);
      unmountAll();
    },
    /** Re-check every row (e.g. the data arrived). */
    refresh() {
      dirty = true;
      request();
    },
    /** Unmount everything and mount again, time-sliced (e.g. another campaign). */
    remount() {
      unmountAll();
      dirty = true;
      request();
    },
    /** Runs passes synchronously until every row is handled (tests, benchmarks). */
    flush() {
      dirty = true;
      for (let i = 0; i < 10_000 && !pass(Number.POSITIVE_INFINITY); i++);
      reveal();
      pending = false;
    },
    get adapter() {
      return adapter;
    },
    get mountedCount() {
      return entries.size;
    },
    mounted(): Array<{ row: Element; key: string; host: HTMLElement }> {
      return Array.from(entries, ([row, e]) => ({ row, key: e.key, host: e.mount.host }));
    },
    get stats() {
      return stats;
    },
    resetStats() {
      stats = { passes: 0, mounts: 0, unmounts: 0, updates: 0 };
    },
  };
}

function sameIdentity(a: RowIdentity, b: RowIdentity): boolean {
  return (
    a.key === b.key &&
    a.email === b.email &&
    a.prospectId === b.prospectId &&
    a.crm?.id === b.crm?.id &&
    a.fields.firstName === b.fields.firstName &&
    a.fields.lastName === b.fields.lastName &&
    a.fields.company === b.fields.company &&
    a.fields.title === b.fields.title
  );
}

export type RowDecorator = ReturnType<typeof createRowDecorator>;
