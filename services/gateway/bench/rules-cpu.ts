// CPU of the pure part of a click: rebuild the row from the view, one pass of the rules, answer.
import { type Campaign, CampaignSchema, type Row } from "@studio/contracts";
import { newRow, toPublicCell } from "@studio/engine";
import { decide } from "../src/commands/rules";
import { commandRow, toRowItem } from "../src/views/public";

const now = new Date().toISOString();
const campaign: Campaign = CampaignSchema.parse({
  id: "c",
  workspaceId: "ws",
  name: "c",
  createdAt: now,
  updatedAt: now,
  version: 1,
  steps: [
    { id: "insight", name: "Insights", kind: "insight", needs: [], autoRun: false },
    { id: "email", name: "Email", kind: "content", needs: ["insight"], autoRun: false },
    { id: "export", name: "Export", kind: "export", needs: ["email"], autoRun: false },
  ],
});
const row = newRow(
  campaign,
  { id: "p1", email: "a@x.example", firstName: "Ada", title: "VP", company: "Acme" },
  { now },
  "s",
).row as Row;
const item = toRowItem(row, 1);
const N = 20_000;
const time = (label: string, fn: (i: number) => unknown) => {
  for (let i = 0; i < 1000; i++) fn(i);
  const t = performance.now();
  for (let i = 0; i < N; i++) fn(i);
  console.log(`${label}: ${(((performance.now() - t) * 1000) / N).toFixed(1)} µs`);
};
time("commandRow (JSON.parse of the item)", () => commandRow(item));
time("decide (applyEvent, cell.run)", (i) =>
  decide(
    campaign,
    row,
    { type: "cell.run", stepId: "insight", trigger: "click", commandId: `c${i}` },
    now,
  ),
);
time("toPublicCell + JSON.stringify", () =>
  JSON.stringify({ cell: toPublicCell(row.cells.insight as never) }),
);
