// Styles of the demo CRM page, kept apart so the page module stays about markup and data.
import { raw } from "../http/html";

export const CRM_STYLES = raw(`
*{box-sizing:border-box}body{margin:0;font:14px/1.45 -apple-system,"Segoe UI",Roboto,sans-serif;color:#33475b;background:#f5f8fa}
.topbar{display:flex;align-items:center;gap:24px;background:#2d3e50;color:#fff;padding:0 24px;height:52px}
.logo{font-weight:700;font-size:16px;color:#ff7a59}.topbar nav{display:flex;gap:4px;flex:1}
.topbar nav a{color:#cbd6e2;text-decoration:none;padding:16px 12px}.topbar nav a[aria-current]{color:#fff;box-shadow:inset 0 -3px #ff7a59}
.user{color:#cbd6e2}main{padding:16px 24px}.titlebar{display:flex;align-items:baseline;gap:12px}
h1{font-size:22px;margin:8px 0}.count{color:#7c98b6}
.filters{display:flex;gap:8px;align-items:center;margin:12px 0}
.filters input,.filters select{border:1px solid #cbd6e2;border-radius:3px;padding:7px 10px;background:#fff;font:inherit}
.filters input{width:280px}.filters button{background:#ff7a59;color:#fff;border:0;border-radius:3px;padding:8px 14px;font:inherit;cursor:pointer}
.contacts{width:100%;border-collapse:collapse;background:#fff;border:1px solid #dfe3eb}
.contacts th{background:#f5f8fa;text-align:left;font-size:12px;text-transform:uppercase;letter-spacing:.03em;color:#516f90;padding:10px;border-bottom:1px solid #dfe3eb}
.contacts td{padding:10px;border-bottom:1px solid #eaf0f6;vertical-align:middle}.contacts tr:hover td{background:#f5f8fa}
td[data-field=name]{font-weight:600;color:#0091ae}td a{color:#0091ae;text-decoration:none}.check{width:32px}
.pager{display:flex;gap:16px;align-items:center;justify-content:flex-end;margin:12px 0;color:#516f90}
.pager a{color:#0091ae}.off{color:#cbd6e2}.notice{background:#fef8f0;border:1px solid #fbc08c;padding:10px;border-radius:3px}
.empty{color:#7c98b6;padding:12px}
`);
