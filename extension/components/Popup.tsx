// Popup quick actions: campaign, connection, per-step progress, run/retry/stop, Auto-Pilot.
import type { Step } from "@studio/contracts";
import { useState } from "preact/hooks";
import type { CampaignModel } from "../models/CampaignModel";
import type { StudioActions } from "../shared/protocol";
import { newRequestId } from "../shared/request-id";
import { ConnectionBadge } from "./ConnectionBadge";
import { StepProgress } from "./StepProgress";

export type PageInfo = { prospectIds: string[]; site?: string; unmatched: number };

export type PopupProps = {
  model: CampaignModel;
  actions: StudioActions;
  /** Prospects matched on the active tab (undefined: no decorated CRM page). */
  pageInfo: () => Promise<PageInfo | undefined>;
  openSidePanel: () => void;
  openOptions: () => void;
};

export function Popup({ model, actions, pageInfo, openSidePanel, openOptions }: PopupProps) {
  const [message, setMessage] = useState("");
  const [confirm, setConfirm] = useState<Step | undefined>();
  const [working, setWorking] = useState(false);
  const campaign = model.campaign.value;
  const connection = model.connection.value;
  const counts = model.counts.value;

  const run = async (label: string, fn: () => Promise<string>) => {
    setWorking(true);
    setMessage(`${label}…`);
    try {
      setMessage(await fn());
    } finally {
      setWorking(false);
    }
  };

  const bulk = async (
    stepIds: string[],
    body: { prospectIds?: string[]; states: Array<"ready" | "failed"> },
  ) => {
    if (!campaign) return "No campaign.";
    let accepted = 0;
    const refused: string[] = [];
    for (const stepId of stepIds) {
      const r = await actions.bulkRun({
        campaignId: campaign.id,
        body: { stepId, ...body, requestId: newRequestId() },
      });
      if (!r.ok) return r.error.kind === "offline" ? "Offline: nothing was sent." : r.error.message;
      accepted += r.value.accepted;
      refused.push(...r.value.refused.map((x) => x.reason));
    }
    return `Queued ${accepted} cell${accepted === 1 ? "" : "s"}${refused.length ? `, ${refused.length} refused (${refused[0]})` : ""}.`;
  };

  const runPage = () =>
    run("Running ready cells on this page", async () => {
      const info = await pageInfo();
      if (!info || info.prospectIds.length === 0) return "No campaign prospects on this page.";
      const steps = (campaign?.steps ?? []).map((s) => s.id);
      return bulk(steps, { prospectIds: info.prospectIds, states: ["ready"] });
    });

  const retryFailed = () =>
    run("Retrying failed cells", () => {
      const steps = (campaign?.steps ?? []).filter((s) => counts[s.id]?.failed).map((s) => s.id);
      return steps.length
        ? bulk(steps, { states: ["failed"] })
        : Promise.resolve("No failed cells.");
    });

  const stop = () =>
    run("Stopping", async () => {
      if (!campaign) return "No campaign.";
      const r = await actions.stop({ campaignId: campaign.id, requestId: newRequestId() });
      if (!r.ok) return r.error.kind === "offline" ? "Offline: nothing was sent." : r.error.message;
      return `Stopped ${r.value.canceled} cell${r.value.canceled === 1 ? "" : "s"}.`;
    });

  const setAuto = (step: Step, autoRun: boolean, runExisting?: boolean) =>
    run(autoRun ? "Switching to Auto-Pilot" : "Switching to Co-Pilot", async () => {
      setConfirm(undefined);
      if (!campaign) return "No campaign.";
      const r = await actions.patchStep({
        campaignId: campaign.id,
        stepId: step.id,
        body: {
          autoRun,
          ...(runExisting === undefined ? {} : { runExisting }),
          requestId: newRequestId(),
        },
      });
      if (!r.ok)
        return r.error.kind === "offline" ? "Offline: nothing was changed." : r.error.message;
      return autoRun
        ? `${step.name} is on Auto-Pilot; ${r.value.queued} cell${r.value.queued === 1 ? "" : "s"} queued.`
        : `${step.name} is on Co-Pilot: new cells wait for a click.`;
    });

  const waitingCount = confirm
    ? (counts[confirm.id]?.ready ?? 0) + (counts[confirm.id]?.stale ?? 0)
    : 0;

  return (
    <main class="popup">
      <header>
        <h1>Prospect Studio</h1>
        <ConnectionBadge connection={connection} />
      </header>
      {connection.state === "unconfigured" ? (
        <p>
          Add the gateway URL and your token first.{" "}
          <button type="button" onClick={openOptions}>
            Open Options
          </button>
        </p>
      ) : (
        <>
          <label class="picker">
            Campaign{" "}
            <select
              value={model.activeCampaignId.value}
              onChange={(e) =>
                void actions.setActiveCampaign({ campaignId: e.currentTarget.value })
              }
            >
              {model.campaigns.value.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
          {campaign && (
            <ul class="steps" aria-label="Progress by step">
              {campaign.steps.map((s) => (
                <StepProgress
                  key={s.id}
                  step={s}
                  counts={counts[s.id] ?? {}}
                  disabled={working}
                  onToggleAuto={() => (s.autoRun ? void setAuto(s, false) : setConfirm(s))}
                />
              ))}
            </ul>
          )}
          {confirm && (
            <div
              class="confirm"
              role="alertdialog"
              aria-label={`Switch ${confirm.name} to Auto-Pilot`}
            >
              <p>
                Switch {confirm.name} to Auto-Pilot? {waitingCount} cell
                {waitingCount === 1 ? " is" : "s are"} ready or outdated now.
              </p>
              <button
                type="button"
                class="primary"
                onClick={() => void setAuto(confirm, true, true)}
              >
                Switch on and run existing cells
              </button>
              <button type="button" onClick={() => void setAuto(confirm, true, false)}>
                Switch on for new cells only
              </button>
              <button type="button" onClick={() => setConfirm(undefined)}>
                Cancel
              </button>
            </div>
          )}
          <div class="actions">
            <button type="button" class="primary" disabled={working || !campaign} onClick={runPage}>
              Run all ready on this page
            </button>
            <button type="button" disabled={working || !campaign} onClick={retryFailed}>
              Retry failed
            </button>
            <button type="button" disabled={working || !campaign} onClick={stop}>
              Stop
            </button>
            <button type="button" onClick={openSidePanel}>
              Open side panel
            </button>
          </div>
        </>
      )}
      <p class="message" role="status" aria-live="polite">
        {message}
      </p>
    </main>
  );
}
