// CSS of the row strip, adopted once per shadow root (the CRM's CSS and ours never mix).
export const chipCss = `
:host { all: initial; contain: layout style; display: inline-block; vertical-align: middle; margin-left: 6px;
  font: 12px/1.3 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1f2937; position: relative;
  content-visibility: auto; contain-intrinsic-size: auto 260px auto 22px; overflow-clip-margin: 4px; }
:host([data-open]), :host([data-near]) { content-visibility: visible; }
:host([data-open]) { z-index: 2147483000; }
.strip { display: inline-flex; gap: 4px; align-items: stretch; flex-wrap: wrap; }
.chip { display: inline-flex; align-items: stretch; border: 1px solid #d1d5db; border-radius: 6px;
  background: #fff; overflow: hidden; max-width: 260px; }
.chip button { font: inherit; border: 0; background: transparent; color: inherit; cursor: pointer;
  padding: 2px 6px; margin: 0; }
.chip button:focus-visible, .popover button:focus-visible, .popover textarea:focus-visible,
.popover input:focus-visible, .add:focus-visible { outline: 2px solid #2563eb; outline-offset: 1px; }
.main { display: inline-flex; gap: 4px; align-items: center; min-width: 0; }
.step { font-weight: 600; }
.label, .preview { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; max-width: 140px; }
.preview { color: #4b5563; }
.mark { font-size: 10px; text-transform: uppercase; background: #fef3c7; color: #92400e;
  border-radius: 3px; padding: 0 3px; }
.action { background: #2563eb !important; color: #fff !important; font-weight: 600; }
.tone-muted { background: #f3f4f6; color: #6b7280; }
.tone-busy { background: #eff6ff; }
.tone-ok { background: #ecfdf5; border-color: #a7f3d0; }
.tone-error { background: #fef2f2; border-color: #fecaca; color: #991b1b; }
.tone-error .action { background: #b91c1c !important; }
.tone-stale { background: #fffbeb; border-color: #fde68a; }
.reveal { max-width: 0; padding: 0 !important; opacity: 0; overflow: hidden; white-space: nowrap;
  transition: max-width .12s, opacity .12s; }
.chip:hover .reveal, .chip:focus-within .reveal { max-width: 120px; padding: 2px 6px !important; opacity: 1; }
.spin { width: 9px; height: 9px; border: 2px solid #93c5fd; border-top-color: #2563eb; border-radius: 50%;
  animation: spin .8s linear infinite; display: inline-block; }
@keyframes spin { to { transform: rotate(360deg); } }
.add { font: inherit; border: 1px dashed #9ca3af; border-radius: 6px; background: #fff; padding: 2px 8px;
  cursor: pointer; color: #1f2937; }
.notice { display: block; margin-top: 2px; color: #991b1b; font-size: 11px; }
.notice.offline { color: #92400e; }
.popover { position: absolute; z-index: 2147483000; top: 100%; left: 0; margin-top: 4px; width: 380px;
  max-height: 420px; overflow: auto; background: #fff; border: 1px solid #d1d5db; border-radius: 8px;
  box-shadow: 0 8px 24px rgba(0,0,0,.18); padding: 10px; text-align: left; white-space: normal; }
.popover h2 { font-size: 13px; margin: 0 0 6px; }
.popover h3 { font-size: 12px; margin: 10px 0 4px; color: #374151; }
.popover .text { white-space: pre-wrap; word-break: break-word; background: #f9fafb; border-radius: 4px;
  padding: 6px; margin: 0; font: inherit; }
.popover .row-actions { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 8px; }
.popover .row-actions button, .popover form button { font: inherit; padding: 3px 8px; border-radius: 4px;
  border: 1px solid #d1d5db; background: #fff; cursor: pointer; }
.popover .row-actions button.primary { background: #2563eb; color: #fff; border-color: #2563eb; }
.popover textarea, .popover input { width: 100%; box-sizing: border-box; font: inherit; }
.popover ol { margin: 0; padding-left: 18px; }
.popover .err { color: #991b1b; }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;

let shared: CSSStyleSheet | undefined;

/** One constructed stylesheet shared by every strip (cheap for 1,000 rows). */
export function adoptChipStyles(root: ShadowRoot): void {
  try {
    if (!shared) {
      shared = new CSSStyleSheet();
      shared.replaceSync(chipCss);
    }
    root.adoptedStyleSheets = [shared];
  } catch {
    const style = root.ownerDocument.createElement("style");
    style.textContent = chipCss;
    root.appendChild(style);
  }
}
