// The "Prospects tab": the campaign as a live table, filters by state and step, bulk run/stop.
import { type CellState, CellStates } from "@studio/contracts";
import { useMemo, useState } from "preact/hooks";
import type { CampaignModel } from "../models/CampaignModel";
import { cellView } from "../shared/cell-view";
import type { StudioActions } from "../shared/protocol";
import { newRequestId } from "../shared/request-id";
import { ConnectionBadge } from "./ConnectionBadge";

const PAGE = 300;

export function SidePanel({ model, actions }: { model: CampaignModel; actions: StudioActions }) {
  const [stateFilter, setStateFilter] = useState<CellState | "">("");
  const [stepFilter, setStepFilter] = useState("");
  const [query, setQuery] = useState("");
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [runStep, setRunStep] = useState("");
  const [message, setMessage] = useState("");
  const campaign = model.campaign.value;
  const ids = model.order.value;
  const rows = ids.map((id) => model.row(id).value).filter((r) => r !== undefined);

  const visible = useMemo(() => {
    const q = query.trim().toLowerCase();
    return rows.filter((r) => {
      if (q) {
        const p = r.prospect;
        const hay =
          `${p.firstName ?? ""} ${p.lastName ?? ""} ${p.email ?? ""} ${p.company ?? ""}`.toLowerCase();
        if (!hay.includes(q)) return false;
      }
      if (!stateFilter) return true;
      const cells = stepFilter ? [r.cells[stepFilter]] : Object.values(r.cells);
      return cells.some((c) => c?.state === stateFilter);
    });
  }, [rows, stateFilter, stepFilter, query]);

  if (!campaign) {
    return (
      <main class="panel">
        <h1>Prospects</h1>
        <ConnectionBadge connection={model.connection.value} />
        <p>
          {model.connection.value.state === "unconfigured"
            ? "Set up the extension in Options."
            : "Loading…"}
        </p>
      </main>
    );
  }

  const shown = visible.slice(0, PAGE);
  const allShownSelected = shown.length > 0 && shown.every((r) => selected.has(r.prospect.id));
  const toggle = (id: string) => {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setSelected(next);
  };
  const stepForRun = runStep || stepFilter || campaign.steps[0]?.id || "";

  const bulkRun = async () => {
    const prospectIds = [...selected];
    if (!prospectIds.length) return setMessage("Select prospects first.");
    setMessage("Running…");
    const r = await actions.bulkRun({
      campaignId: campaign.id,
      body: { stepId: stepForRun, prospectIds, requestId: newRequestId() },
    });
    if (!r.ok)
      return setMessage(
        r.error.kind === "offline" ? "Offline: nothing was sent." : r.error.message,
      );
    const refused = r.value.refused;
    setMessage(
      `Queued ${r.value.accepted}; ${refused.length} refused${refused[0] ? ` (${refused[0].reason})` : ""}.`,
    );
  };
  const bulkStop = async () => {
    setMessage("Stopping…");
    const r = await actions.stop({
      campaignId: campaign.id,
      requestId: newRequestId(),
      ...(stepFilter ? { stepId: stepFilter } : {}),
    });
    setMessage(r.ok ? `Stopped ${r.value.canceled}.` : r.error.message);
  };

  return (
    <main class="panel">
      <header>
        <h1>{campaign.name}</h1>
        <ConnectionBadge connection={model.connection.value} />
      </header>
      <div class="filters">
        <label>
          State{" "}
          <select
            value={stateFilter}
            onChange={(e) => setStateFilter(e.currentTarget.value as CellState | "")}
          >
            <option value="">Any</option>
            {CellStates.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label>
          Step{" "}
          <select value={stepFilter} onChange={(e) => setStepFilter(e.currentTarget.value)}>
            <option value="">Any</option>
            {campaign.steps.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Search{" "}
          <input type="search" value={query} onInput={(e) => setQuery(e.currentTarget.value)} />
        </label>
      </div>
      <div class="bulk">
        <span>{selected.size} selected</span>
        <label>
          Run step{" "}
          <select value={stepForRun} onChange={(e) => setRunStep(e.currentTarget.value)}>
            {campaign.steps.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <button type="button" class="primary" onClick={bulkRun} disabled={selected.size === 0}>
          Run selected
        </button>
        <button type="button" onClick={bulkStop}>
          Stop {stepFilter ? "step" : "all"}
        </button>
      </div>
      <p role="status" class="message">
        {message}
      </p>
      <table>
        <caption class="sr">
          {visible.length} of {rows.length} prospects
        </caption>
        <thead>
          <tr>
            <th scope="col">
              <input
                type="checkbox"
                aria-label="Select all shown"
                checked={allShownSelected}
                onChange={() =>
                  setSelected(
                    allShownSelected ? new Set() : new Set(shown.map((r) => r.prospect.id)),
                  )
                }
              />
            </th>
            <th scope="col">Prospect</th>
            {campaign.steps.map((s) => (
              <th scope="col" key={s.id}>
                {s.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {shown.map((r) => {
            const p = r.prospect;
            const name = [p.firstName, p.lastName].filter(Boolean).join(" ") || p.email || p.id;
            return (
              <tr key={p.id} data-prospect-id={p.id}>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`Select ${name}`}
                    checked={selected.has(p.id)}
                    onChange={() => toggle(p.id)}
                  />
                </td>
                <th scope="row">
                  {name}
                  <br />
                  <small>{[p.email, p.company].filter(Boolean).join(" · ")}</small>
                </th>
                {campaign.steps.map((s) => {
                  const c = r.cells[s.id];
                  const v = cellView(campaign, s, c);
                  return (
                    <td key={s.id} data-state={c?.state} class={`tone-${v.tone}`}>
                      {c?.state === "done" ? (v.preview ?? "done") : v.label}
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
      {visible.length > PAGE && (
        <p>
          Showing the first {PAGE} of {visible.length}; narrow the filters to see the rest.
        </p>
      )}
    </main>
  );
}
