// GET /prospects from a campaign view: email / CRM-id lookups, state filters, cursor pages.
import { CrmSystems, type ProspectListQuery } from "@studio/contracts";
import { BadRequestError } from "../errors/problems";
import type { CampaignView, RowItem } from "./campaign-view";

const DEFAULT_LIMIT = 100;

export interface Page {
  items: RowItem[];
  nextCursor?: string;
}

const split = (list: string) =>
  list
    .split(",")
    .map((x) => x.trim())
    .filter((x) => x !== "");

function matches(item: RowItem, q: ProspectListQuery): boolean {
  if (q.state === undefined) return true;
  const cells = item.cells;
  if (q.step !== undefined) return cells[q.step]?.state === q.state;
  return Object.values(cells).some((cell) => cell.state === q.state);
}

export function listRows(view: CampaignView, q: ProspectListQuery): Page {
  const limit = q.limit ?? DEFAULT_LIMIT;
  const lookups: RowItem[] = [];
  let lookedUp = false;
  if (q.email !== undefined) {
    lookedUp = true;
    // Lower-cased once for the whole list, not once per address.
    for (const email of split(q.email.toLowerCase())) {
      const item = view.byLowerCaseEmail(email);
      if (item !== undefined) lookups.push(item);
    }
  }
  for (const system of CrmSystems) {
    const ids = q[`crm.${system}`];
    if (ids === undefined) continue;
    lookedUp = true;
    for (const id of split(ids)) {
      const item = view.byCrmId(system, id);
      if (item !== undefined) lookups.push(item);
    }
  }
  if (lookedUp) {
    const unique = [...new Set(lookups)].filter((i) => matches(i, q));
    return { items: unique.slice(0, q.limit ?? 500) };
  }
  const after = q.cursor === undefined ? undefined : decodeCursor(q.cursor);
  const ids = view.ids();
  let start = 0;
  if (after !== undefined) {
    // First id strictly after the cursor: binary search keeps deep pages cheap.
    let lo = 0;
    let hi = ids.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((ids[mid] as string) <= after) lo = mid + 1;
      else hi = mid;
    }
    start = lo;
  }
  const items: RowItem[] = [];
  let i = start;
  for (; i < ids.length && items.length < limit; i++) {
    const item = view.rows.get(ids[i] as string);
    if (item !== undefined && matches(item, q)) items.push(item);
  }
  const last = items[items.length - 1];
  const more = i < ids.length && last !== undefined;
  return more ? { items, nextCursor: encodeCursor(last.prospect.id) } : { items };
}

const encodeCursor = (id: string) => Buffer.from(id).toString("base64url");

function decodeCursor(cursor: string): string {
  const id = Buffer.from(cursor, "base64url").toString();
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(id))
    throw new BadRequestError("invalid cursor", [
      { path: "query.cursor", message: "not a cursor this API gave out" },
    ]);
  return id;
}
