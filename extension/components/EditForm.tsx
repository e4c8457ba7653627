// Edit a cell's output (email subject/body, or JSON for other kinds) or its input overrides.
import { useState } from "preact/hooks";

type Value = Record<string, unknown> | undefined;

export function EditForm(p: {
  kind: "output" | "inputs";
  value: Value;
  onSave: (v: Record<string, unknown>) => void;
  onCancel: () => void;
}) {
  const isEmail = p.kind === "output" && typeof p.value?.body === "string";
  const [subject, setSubject] = useState(String(p.value?.subject ?? ""));
  const [body, setBody] = useState(String(p.value?.body ?? ""));
  const [instructions, setInstructions] = useState(String(p.value?.instructions ?? ""));
  const [json, setJson] = useState(
    JSON.stringify(
      p.kind === "inputs" ? { ...(p.value ?? {}), instructions: undefined } : (p.value ?? {}),
      null,
      2,
    ),
  );
  const [error, setError] = useState("");

  const submit = (e: Event) => {
    e.preventDefault();
    if (isEmail) {
      p.onSave({ ...p.value, ...(subject ? { subject } : {}), body });
      return;
    }
    try {
      const parsed = JSON.parse(json || "{}") as Record<string, unknown>;
      if (p.kind === "inputs" && instructions) parsed.instructions = instructions;
      p.onSave(parsed);
    } catch {
      setError("That is not valid JSON.");
    }
  };

  return (
    <form onSubmit={submit} aria-label={p.kind === "output" ? "Edit output" : "Edit inputs"}>
      {isEmail ? (
        <>
          <label>
            Subject
            <input value={subject} onInput={(e) => setSubject(e.currentTarget.value)} />
          </label>
          <label>
            Body
            <textarea rows={8} value={body} onInput={(e) => setBody(e.currentTarget.value)} />
          </label>
        </>
      ) : (
        <>
          {p.kind === "inputs" && (
            <label>
              Instructions
              <textarea
                rows={3}
                value={instructions}
                onInput={(e) => setInstructions(e.currentTarget.value)}
              />
            </label>
          )}
          <label>
            {p.kind === "inputs" ? "Overrides (JSON: prospect, upstream)" : "Output (JSON)"}
            <textarea rows={6} value={json} onInput={(e) => setJson(e.currentTarget.value)} />
          </label>
        </>
      )}
      {error && <p class="err">{error}</p>}
      <div class="row-actions">
        <button type="submit" class="primary">
          Save
        </button>
        <button type="button" onClick={p.onCancel}>
          Cancel edit
        </button>
      </div>
    </form>
  );
}
