// HTML escaping for server-rendered pages: every piece of data goes through it (GOALS R8).
const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
  "`": "&#96;",
};

export function escapeHtml(value: unknown): string {
  if (value === undefined || value === null) return "";
  return String(value).replace(/[&<>"'`]/g, (ch) => ESCAPES[ch] ?? ch);
}

/** Tagged template: interpolations are escaped unless wrapped with raw(). */
export class RawHtml {
  constructor(readonly html: string) {}
}
export const raw = (html: string) => new RawHtml(html);

export function html(strings: TemplateStringsArray, ...values: unknown[]): RawHtml {
  let out = strings[0] ?? "";
  values.forEach((v, i) => {
    const part = Array.isArray(v)
      ? v.map((x) => (x instanceof RawHtml ? x.html : escapeHtml(x))).join("")
      : v instanceof RawHtml
        ? v.html
        : escapeHtml(v);
    out += part + (strings[i + 1] ?? "");
  });
  return new RawHtml(out);
}
