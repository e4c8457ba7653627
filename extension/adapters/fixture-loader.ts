// Test helper: loads a saved CRM page into the current (happy-dom) document.
import { readFileSync } from "node:fs";
import { join } from "node:path";

export function fixtureHtml(name: string): string {
  return readFileSync(join(__dirname, "fixtures", `${name}.html`), "utf8");
}

/** Replaces the document body with the fixture's and expands declarative shadow roots. */
export function loadFixture(doc: Document, name: string): void {
  const html = fixtureHtml(name);
  const body = /<body[^>]*>([\s\S]*)<\/body>/i.exec(html)?.[1] ?? html;
  doc.body.innerHTML = body;
  attachDeclarativeShadowRoots(doc.body);
}

export function attachDeclarativeShadowRoots(root: ParentNode): void {
  for (const t of Array.from(root.querySelectorAll("template[shadowrootmode]"))) {
    const host = t.parentElement;
    if (!host || host.shadowRoot) continue;
    const sr = host.attachShadow({ mode: "open" });
    sr.appendChild((t as HTMLTemplateElement).content.cloneNode(true));
    t.remove();
    attachDeclarativeShadowRoots(sr);
  }
}

/** Rewrites attribute values and text of a row in place, as a recycling virtual list does. */
export function rewriteRow(row: Element, pairs: Array<[string, string]>): void {
  const swap = (s: string) => pairs.reduce((acc, [a, b]) => acc.split(a).join(b), s);
  const all = [row, ...Array.from(row.querySelectorAll("*"))];
  for (const el of all) {
    for (const attr of Array.from(el.attributes)) {
      const v = swap(attr.value);
      if (v !== attr.value) el.setAttribute(attr.name, v);
    }
    for (const n of Array.from(el.childNodes)) {
      if (n.nodeType === 3 && n.nodeValue) {
        const v = swap(n.nodeValue);
        if (v !== n.nodeValue) n.nodeValue = v;
      }
    }
  }
}
