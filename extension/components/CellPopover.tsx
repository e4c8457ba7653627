// The details of one cell: output or error, run history and the actions valid for its state.
import type { Campaign, Cell, CellWithHistory, Step } from "@studio/contracts";
import { useEffect, useRef, useState } from "preact/hooks";
import { type CellVerb, cellView, isReviewExport } from "../shared/cell-view";
import type { CellRef, StudioActions } from "../shared/protocol";
import { newRequestId } from "../shared/request-id";
import { EditForm } from "./EditForm";
import { OutputView } from "./OutputView";

export type CellPopoverProps = {
  campaign: Campaign;
  step: Step;
  cell: Cell | undefined;
  /** Cells of the same prospect (the review shows the upstream email). */
  rowCells: Record<string, Cell>;
  cellRef: CellRef;
  actions: StudioActions;
  onCommand: (verb: CellVerb) => void;
  onClose: () => void;
  /** Show the review of the upstream content first (Review + Send). */
  review?: boolean;
};

type Editing = "none" | "output" | "inputs" | "review";

export function CellPopover(p: CellPopoverProps) {
  const { campaign, step, cell } = p;
  const [history, setHistory] = useState<CellWithHistory["history"] | undefined>();
  const [editing, setEditing] = useState<Editing>("none");
  const [message, setMessage] = useState<string>("");
  const ref = useRef<HTMLDivElement>(null);
  const view = cellView(campaign, step, cell);
  const reviewUpstream = isReviewExport(campaign, step)
    ? campaign.steps.find((s) => step.needs.includes(s.id) && s.kind === "content")
    : undefined;
  const upstreamCell = reviewUpstream ? p.rowCells[reviewUpstream.id] : undefined;

  useEffect(() => {
    let live = true;
    p.actions.getCell(p.cellRef).then((r) => {
      if (!live) return;
      if (r.ok) setHistory(r.value.history);
      else setMessage(r.error.message);
    });
    return () => {
      live = false;
    };
  }, [p.cellRef.prospectId, p.cellRef.stepId, cell?.version]);

  useEffect(() => {
    ref.current?.querySelector<HTMLElement>("button, textarea")?.focus();
  }, []);

  const onKey = (e: KeyboardEvent) => {
    if (e.key === "Escape") {
      e.stopPropagation();
      p.onClose();
    }
  };

  const saveEdit = async (
    stepId: string,
    body: { output?: Record<string, unknown>; inputs?: Record<string, unknown> },
  ) => {
    const r = await p.actions.editCell({
      ...p.cellRef,
      stepId,
      ...body,
      requestId: newRequestId(),
    });
    if (r.ok) {
      setEditing("none");
      setMessage("Saved.");
    } else setMessage(r.error.message);
  };

  const state = cell?.state;
  return (
    <div
      class="popover"
      role="dialog"
      aria-label={`${step.name} details`}
      ref={ref}
      onKeyDown={onKey}
    >
      <h2>
        {step.name}: {view.label}
      </h2>
      {cell?.edited?.output && <p>Output edited by {cell.edited.output.by}.</p>}
      {cell?.error && (
        <div class="err" role="alert">
          <h3>Error</h3>
          <p>
            {cell.error.message} ({cell.error.code}
            {cell.error.retryable ? ", retryable" : ""})
          </p>
        </div>
      )}
      {reviewUpstream && (
        <section>
          <h3>Review: {reviewUpstream.name}</h3>
          <OutputView output={upstreamCell?.output} />
        </section>
      )}
      {(state === "done" || state === "stale") && !reviewUpstream && (
        <section>
          <h3>Output{state === "stale" ? " (outdated)" : ""}</h3>
          <OutputView output={cell?.output} />
        </section>
      )}
      {reviewUpstream && (state === "done" || state === "stale") && (
        <section>
          <h3>Export</h3>
          <OutputView output={cell?.output} />
        </section>
      )}

      <div class="row-actions">
        {(state === "ready" || state === "skipped") && (
          <button type="button" class="primary" onClick={() => p.onCommand("run")}>
            {reviewUpstream ? "Send" : "Click to Run"}
          </button>
        )}
        {(state === "done" || state === "stale" || state === "failed") && (
          <button type="button" class="primary" onClick={() => p.onCommand("rerun")}>
            {state === "failed" ? "Retry" : "Run Again"}
            {step.kind === "export" && state === "done" ? " (sends again)" : ""}
          </button>
        )}
        {(state === "queued" || state === "running") && (
          <button type="button" onClick={() => p.onCommand("cancel")}>
            Cancel
          </button>
        )}
        {reviewUpstream && upstreamCell?.state === "done" && (
          <button type="button" onClick={() => setEditing("review")}>
            Edit {reviewUpstream.name}
          </button>
        )}
        {state === "done" && (
          <button type="button" onClick={() => setEditing("output")}>
            Edit output
          </button>
        )}
        {state !== "waiting" && (
          <button type="button" onClick={() => setEditing("inputs")}>
            Edit inputs
          </button>
        )}
        <button type="button" onClick={p.onClose}>
          Close
        </button>
      </div>

      {editing === "review" && upstreamCell && reviewUpstream && (
        <EditForm
          kind="output"
          value={upstreamCell.output}
          onCancel={() => setEditing("none")}
          onSave={(v) => saveEdit(reviewUpstream.id, { output: v })}
        />
      )}
      {editing === "output" && (
        <EditForm
          kind="output"
          value={cell?.output}
          onCancel={() => setEditing("none")}
          onSave={(v) => saveEdit(step.id, { output: v })}
        />
      )}
      {editing === "inputs" && (
        <EditForm
          kind="inputs"
          value={cell?.inputOverrides}
          onCancel={() => setEditing("none")}
          onSave={(v) => saveEdit(step.id, { inputs: v })}
        />
      )}
      {message && (
        <p role="status" class="notice">
          {message}
        </p>
      )}

      <h3>History</h3>
      {history === undefined ? (
        <p>Loading…</p>
      ) : history.length === 0 ? (
        <p>No runs yet.</p>
      ) : (
        <ol>
          {history.map((r) => (
            <li key={r.runId}>
              {r.trigger} · {r.outcome ?? "in progress"} · {r.attempts} attempt
              {r.attempts === 1 ? "" : "s"}
              {r.finishedAt ? ` · ${new Date(r.finishedAt).toLocaleString()}` : ""}
              {r.error ? ` · ${r.error.message}` : ""}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
