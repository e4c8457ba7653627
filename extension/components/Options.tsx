// Options: gateway URL + token (checked with GET /v1/me before saving), sites, custom selectors.
import type { MeResponse } from "@studio/contracts";
import { useState } from "preact/hooks";
import { BuiltInSites, type EnabledSites, type SelectorSet } from "../adapters";
import type { CommandResult } from "../shared/results";

export type OptionsProps = {
  initial: { gatewayUrl: string; token: string; sites: EnabledSites; custom: SelectorSet[] };
  checkSettings: (d: {
    gatewayUrl: string;
    token: string;
    save: boolean;
  }) => Promise<CommandResult<MeResponse>>;
  saveSites: (s: EnabledSites) => Promise<void>;
  saveCustom: (c: SelectorSet[]) => Promise<void>;
};

const EXAMPLE = `[{ "label": "My intranet", "hosts": ["intranet\\\\.example$"], "row": "tbody tr",
   "email": ["td.email"], "name": ["td.name"], "mount": ["td.name"] }]`;

export function parseCustomSelectors(
  text: string,
): { ok: true; value: SelectorSet[] } | { ok: false; error: string } {
  let data: unknown;
  try {
    data = JSON.parse(text || "[]");
  } catch {
    return { ok: false, error: "Custom selectors must be JSON (an array of selector sets)." };
  }
  if (!Array.isArray(data)) return { ok: false, error: "Custom selectors must be an array." };
  const out: SelectorSet[] = [];
  for (const [i, raw] of data.entries()) {
    if (typeof raw !== "object" || raw === null)
      return { ok: false, error: `Item ${i + 1} is not an object.` };
    const s = raw as Partial<SelectorSet>;
    if (typeof s.row !== "string" || !s.row)
      return { ok: false, error: `Item ${i + 1} needs a "row" selector.` };
    try {
      document.createDocumentFragment().querySelector(s.row);
    } catch {
      return { ok: false, error: `Item ${i + 1}: "${s.row}" is not a valid selector.` };
    }
    const label = typeof s.label === "string" && s.label ? s.label : `Custom ${i + 1}`;
    out.push({
      ...s,
      row: s.row,
      label,
      id: `custom:${label.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`,
    });
  }
  return { ok: true, value: out };
}

export function Options({ initial, checkSettings, saveSites, saveCustom }: OptionsProps) {
  const [url, setUrl] = useState(initial.gatewayUrl);
  const [token, setToken] = useState(initial.token);
  const [status, setStatus] = useState<{ ok: boolean; text: string } | undefined>();
  const [busy, setBusy] = useState(false);
  const [sites, setSites] = useState<EnabledSites>(initial.sites);
  const [custom, setCustom] = useState(
    initial.custom.length ? JSON.stringify(initial.custom, null, 2) : "",
  );
  const [customStatus, setCustomStatus] = useState("");

  const check = async (save: boolean) => {
    setBusy(true);
    setStatus(undefined);
    const r = await checkSettings({ gatewayUrl: url, token, save });
    setBusy(false);
    if (r.ok) {
      setStatus({
        ok: true,
        text: `${save ? "Saved. " : ""}Connected as ${r.value.user.name} in workspace ${r.value.workspace.name}.`,
      });
    } else {
      const why =
        r.error.kind === "offline"
          ? "the gateway is unreachable at this URL"
          : r.error.status === 401
            ? "the token was refused"
            : r.error.message;
      setStatus({ ok: false, text: `Not saved: ${why}.` });
    }
  };

  return (
    <main class="options">
      <h1>Prospect Studio options</h1>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void check(true);
        }}
      >
        <h2>Gateway</h2>
        <label>
          Gateway URL
          <input
            name="gatewayUrl"
            type="url"
            required
            value={url}
            onInput={(e) => setUrl(e.currentTarget.value)}
          />
        </label>
        <label>
          API token
          <input
            name="token"
            type="password"
            autoComplete="off"
            required
            value={token}
            onInput={(e) => setToken(e.currentTarget.value)}
          />
        </label>
        <div class="actions">
          <button type="submit" class="primary" disabled={busy}>
            Check and save
          </button>
          <button type="button" disabled={busy} onClick={() => void check(false)}>
            Check only
          </button>
        </div>
        {status && (
          <p role={status.ok ? "status" : "alert"} class={status.ok ? "ok" : "err"}>
            {status.text}
          </p>
        )}
      </form>

      <h2>Sites</h2>
      <fieldset>
        <legend>Decorate these sites</legend>
        {BuiltInSites.map((s) => (
          <label key={s.id} class="check">
            <input
              type="checkbox"
              checked={sites[s.id] ?? s.id !== "generic"}
              onChange={(e) => {
                const next = { ...sites, [s.id]: e.currentTarget.checked };
                setSites(next);
                void saveSites(next);
              }}
            />{" "}
            {s.label}
          </label>
        ))}
      </fieldset>

      <h2>Custom selectors</h2>
      <p>
        Your own list views: a JSON array of selector sets (<code>row</code> is required;{" "}
        <code>hosts</code>, <code>paths</code>, <code>email</code>, <code>name</code>,{" "}
        <code>company</code>, <code>mount</code> are optional).
      </p>
      <label>
        Selector sets
        <textarea
          rows={8}
          placeholder={EXAMPLE}
          value={custom}
          onInput={(e) => setCustom(e.currentTarget.value)}
        />
      </label>
      <button
        type="button"
        onClick={async () => {
          const r = parseCustomSelectors(custom);
          if (!r.ok) return setCustomStatus(r.error);
          await saveCustom(r.value);
          setCustomStatus(
            `Saved ${r.value.length} selector set${r.value.length === 1 ? "" : "s"}.`,
          );
        }}
      >
        Save selectors
      </button>
      {customStatus && <p role="status">{customStatus}</p>}
    </main>
  );
}
