// One cell of a CRM row: state and label per SPEC §4, plus the state's own action button.
import type { Campaign, Cell, Step } from "@studio/contracts";
import { type CellVerb, cellView } from "../shared/cell-view";

export type CellChipProps = {
  campaign: Campaign | undefined;
  step: Step;
  cell: Cell | undefined;
  expanded: boolean;
  busy?: boolean;
  onOpen: () => void;
  /** Review + Send opens the review instead of sending at once. */
  onAction: (verb: CellVerb, review: boolean) => void;
};

export function CellChip({
  campaign,
  step,
  cell,
  expanded,
  busy,
  onOpen,
  onAction,
}: CellChipProps) {
  const view = cellView(campaign, step, cell);
  const review = view.action?.label === "Review + Send";
  const done = cell?.state === "done";
  const showLabel = !view.outdated && !done && cell?.state !== "ready";
  // Accessible names as attributes rather than hidden spans: a 1,000-row page builds a third
  // fewer nodes (GOALS P7).
  const mainName = [
    step.name,
    view.outdated || showLabel ? view.label : done ? `${view.label}:` : "",
    view.preview ?? "",
  ]
    .filter(Boolean)
    .join(" ");
  return (
    <div
      class={`chip tone-${view.tone}`}
      data-state={cell?.state ?? "none"}
      data-step={step.id}
      data-version={cell?.version}
    >
      <button
        type="button"
        class="main"
        aria-haspopup="dialog"
        aria-expanded={expanded}
        title={view.preview ?? view.label}
        aria-label={`${mainName}: details`}
        onClick={onOpen}
      >
        <span class="step">{step.name}</span>
        {view.spinner && <span class="spin" aria-hidden="true" />}
        {view.outdated && <span class="mark">{view.label}</span>}
        {showLabel && <span class="label">{view.label}</span>}
        {view.preview && <span class="preview">{view.preview}</span>}
      </button>
      {view.action && (
        <button
          type="button"
          class={`action${view.action.revealOnHover ? " reveal" : ""}`}
          disabled={busy}
          title={view.action.hint}
          aria-label={`${view.action.label} ${step.name}${view.action.hint ? ` (${view.action.hint})` : ""}`}
          onClick={() => view.action && onAction(view.action.verb, review)}
        >
          {view.action.label}
        </button>
      )}
    </div>
  );
}
