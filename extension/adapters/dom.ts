// DOM helpers for adapters: shadow-piercing queries, visibility of cached views, text reading.

const EMAIL_RE = /[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/;

export function findEmail(text: string | null | undefined): string | undefined {
  return text ? EMAIL_RE.exec(text)?.[0]?.toLowerCase() : undefined;
}

/** Every open shadow root under `root` (recursively). */
export function openShadowRoots(root: ParentNode): ShadowRoot[] {
  const out: ShadowRoot[] = [];
  const visit = (node: ParentNode) => {
    const doc = (node as Node).ownerDocument ?? (node as Document);
    const walker = doc.createTreeWalker(node as Node, 1 /* SHOW_ELEMENT */);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const sr = (n as Element).shadowRoot;
      if (sr && !(n as Element).localName.startsWith("studio-")) {
        out.push(sr);
        visit(sr);
      }
    }
  };
  visit(root);
  return out;
}

/** querySelectorAll that also looks inside open shadow roots when `deep`. */
export function queryAll(root: ParentNode, selector: string, deep = false): Element[] {
  const found = Array.from(root.querySelectorAll(selector));
  if (!deep) return found;
  for (const sr of openShadowRoots(root)) found.push(...Array.from(sr.querySelectorAll(selector)));
  return found;
}

export function queryFirst(
  root: ParentNode,
  selectors: string[] | undefined,
  deep = false,
): Element | null {
  for (const s of selectors ?? []) {
    const el = deep ? (queryAll(root, s, true)[0] ?? null) : root.querySelector(s);
    if (el) return el;
  }
  return null;
}

/** Parent across shadow boundaries. */
function parentOf(el: Element): Element | null {
  if (el.parentElement) return el.parentElement;
  const root = el.getRootNode();
  return root instanceof ShadowRoot ? root.host : null;
}

function hiddenItself(e: Element): boolean {
  if (e.hasAttribute("hidden") || e.getAttribute("aria-hidden") === "true") return true;
  const style = (e as HTMLElement).style;
  return !!style && (style.display === "none" || style.visibility === "hidden");
}

/**
 * False when the element or an ancestor (across shadow hosts) is hidden by attribute or inline
 * style. Pass the same `memo` for many elements (a list's rows share their ancestors).
 */
export function isShown(el: Element, memo?: Map<Element, boolean>): boolean {
  const chain: Element[] = [];
  let shown = true;
  for (let e: Element | null = el; e; e = parentOf(e)) {
    const known = memo?.get(e);
    if (known !== undefined) {
      shown = known;
      break;
    }
    chain.push(e);
    if (hiddenItself(e)) {
      shown = false;
      break;
    }
  }
  // Everything below a hidden element is hidden; a shown result holds for the whole chain.
  if (memo) for (const e of chain) memo.set(e, shown);
  return shown;
}

/** Visible text with runs of whitespace collapsed. */
export function textOf(el: Element | null | undefined): string | undefined {
  const t = el?.textContent?.replace(/\s+/g, " ").trim();
  return t ? t : undefined;
}

export function splitName(full: string | undefined): { firstName?: string; lastName?: string } {
  if (!full) return {};
  const clean = full.replace(/\s+/g, " ").trim();
  const comma = clean.indexOf(",");
  if (comma > 0) {
    // "Lovelace, Ada"
    return { lastName: clean.slice(0, comma).trim(), firstName: clean.slice(comma + 1).trim() };
  }
  const i = clean.indexOf(" ");
  return i === -1
    ? { firstName: clean }
    : { firstName: clean.slice(0, i), lastName: clean.slice(i + 1) };
}
