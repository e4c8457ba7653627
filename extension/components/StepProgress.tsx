// One step's progress bar by state, with its Auto-Pilot / Co-Pilot switch.
import type { CellState, Step } from "@studio/contracts";

const ORDER: Array<{ state: CellState; color: string; word: string }> = [
  { state: "done", color: "#10b981", word: "done" },
  { state: "running", color: "#3b82f6", word: "running" },
  { state: "queued", color: "#93c5fd", word: "queued" },
  { state: "ready", color: "#6366f1", word: "ready" },
  { state: "stale", color: "#f59e0b", word: "outdated" },
  { state: "failed", color: "#ef4444", word: "failed" },
  { state: "waiting", color: "#d1d5db", word: "waiting" },
  { state: "skipped", color: "#9ca3af", word: "skipped" },
];

export function StepProgress(p: {
  step: Step;
  counts: Partial<Record<CellState, number>>;
  onToggleAuto: () => void;
  disabled?: boolean;
}) {
  const total = ORDER.reduce((n, o) => n + (p.counts[o.state] ?? 0), 0);
  const words = ORDER.filter((o) => p.counts[o.state]).map((o) => `${p.counts[o.state]} ${o.word}`);
  return (
    <li class="step" data-step={p.step.id}>
      <div class="step-head">
        <strong>{p.step.name}</strong>
        <button
          type="button"
          role="switch"
          aria-checked={p.step.autoRun}
          aria-label={`Auto-Pilot for ${p.step.name}`}
          class={`switch ${p.step.autoRun ? "on" : "off"}`}
          disabled={p.disabled}
          onClick={p.onToggleAuto}
        >
          {p.step.autoRun ? "Auto-Pilot" : "Co-Pilot"}
        </button>
      </div>
      <div class="bar" role="img" aria-label={`${p.step.name}: ${words.join(", ") || "no cells"}`}>
        {ORDER.map((o) =>
          p.counts[o.state] ? (
            <span
              key={o.state}
              data-state={o.state}
              style={{
                width: `${((p.counts[o.state] ?? 0) / Math.max(total, 1)) * 100}%`,
                background: o.color,
              }}
            />
          ) : null,
        )}
      </div>
      <div class="counts">{words.join(" · ") || "No cells yet"}</div>
    </li>
  );
}
