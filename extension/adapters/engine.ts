// Turns a SelectorSet (data) into a SiteAdapter. Every CRM adapter and every user-defined
// selector set goes through here, so they all behave the same under re-renders.
import {
  findEmail,
  isShown,
  openShadowRoots,
  queryAll,
  queryFirst,
  splitName,
  textOf,
} from "./dom";
import type { AdapterHooks, IdRule, RowIdentity, SelectorSet, SiteAdapter } from "./types";

const MAILTO = 'a[href^="mailto:" i]';
const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/;

function compile(patterns: string[] | undefined): RegExp[] {
  const out: RegExp[] = [];
  for (const p of patterns ?? []) {
    try {
      out.push(new RegExp(p, "i"));
    } catch {
      // a broken user pattern never matches instead of breaking the page
    }
  }
  return out;
}

function readId(row: Element, rules: IdRule[] | undefined, deep: boolean): string | undefined {
  for (const rule of rules ?? []) {
    if ("attr" in rule) {
      const el = rule.selector ? queryFirst(row, [rule.selector], deep) : row;
      let v = el?.getAttribute(rule.attr)?.trim();
      if (!v) continue;
      if (rule.prefix) {
        if (!v.startsWith(rule.prefix)) continue;
        v = v.slice(rule.prefix.length);
      }
      if (rule.pattern) {
        const m = new RegExp(rule.pattern).exec(v);
        if (!m) continue;
        v = m[1] ?? m[0];
      }
      if (v) return v;
    } else {
      const re = new RegExp(rule.pattern);
      for (const a of queryAll(row, rule.hrefSelector, deep)) {
        const m = re.exec(a.getAttribute("href") ?? "");
        if (m?.[1]) return m[1];
      }
    }
  }
  return undefined;
}

export function createAdapter(set: SelectorSet, hooks: AdapterHooks = {}): SiteAdapter {
  const hosts = compile(set.hosts);
  const paths = compile(set.paths);
  const deep = set.deepShadow ?? false;

  function readEmail(row: Element): string | undefined {
    const mailto = deep ? queryAll(row, MAILTO, true)[0] : row.querySelector(MAILTO);
    if (mailto) {
      const href = decodeURIComponent(mailto.getAttribute("href")?.slice(7).split("?")[0] ?? "");
      const e = findEmail(href);
      if (e) return e;
    }
    if (set.email?.length) return findEmail(queryFirst(row, set.email, deep)?.textContent);
    // Without email selectors, any address in one of the row's cells will do (generic pages).
    for (const cell of row.querySelectorAll("td, th")) {
      const e = findEmail(cell.textContent);
      if (e) return e;
    }
    return undefined;
  }

  return {
    id: set.id,
    label: set.label,
    watchAttributes: set.watchAttributes ?? [],
    matchesUrl(url) {
      const hostOk =
        hosts.length === 0 ||
        LOOPBACK.test(url.hostname) ||
        hosts.some((h) => h.test(url.hostname));
      const pathOk = paths.length === 0 || paths.some((p) => p.test(url.pathname));
      return hostOk && pathOk;
    },
    findRows(doc) {
      let roots: ParentNode[] = [doc];
      if (set.scope?.length) {
        const scopes: Element[] = [];
        for (const s of set.scope) {
          const visible = queryAll(doc, s, deep).filter((el) => isShown(el));
          if (visible.length) {
            scopes.push(visible[0] as Element);
            break;
          }
        }
        if (scopes.length) roots = scopes;
      }
      const rows: Element[] = [];
      for (const root of roots) {
        for (const r of queryAll(root, set.row, deep)) {
          if (set.rowExclude && r.matches(set.rowExclude)) continue;
          rows.push(r);
        }
      }
      // Only the visible view: cached or hidden copies are left alone.
      const memo = new Map<Element, boolean>();
      return rows.filter((r) => isShown(r, memo));
    },
    readRow(row) {
      const prospectId = readId(row, set.prospectIdRule, deep);
      let recordId = readId(row, set.recordId, deep);
      if (!recordId && hooks.recordIdFallback) recordId = hooks.recordIdFallback(row);
      const email = readEmail(row);
      if (!prospectId && !recordId && !email) return null;
      const name = textOf(queryFirst(row, set.name, deep));
      const company = textOf(queryFirst(row, set.company, deep));
      const title = textOf(queryFirst(row, set.title, deep));
      const id: RowIdentity = {
        key: prospectId
          ? `p:${prospectId}`
          : recordId && set.crm
            ? `${set.crm}:${recordId}`
            : recordId
              ? `r:${recordId}`
              : `e:${email}`,
        fields: {
          ...splitName(name),
          ...(company ? { company } : {}),
          ...(title ? { title } : {}),
        },
      };
      if (prospectId) id.prospectId = prospectId;
      if (email) id.email = email;
      if (recordId && set.crm) id.crm = { system: set.crm, id: recordId };
      return id;
    },
    mountPoint(row) {
      const el = queryFirst(row, set.mount, deep);
      if (el) return el;
      const cells = row.querySelectorAll(":scope > td, :scope > th");
      return cells[cells.length - 1] ?? row;
    },
    shadowRoots(doc) {
      return deep ? openShadowRoots(doc) : [];
    },
  };
}
