// The strip of cells for one CRM row, or "Add to campaign" when the row matches no prospect.
import type { Signal } from "@preact/signals";
import { useRef, useState } from "preact/hooks";
import type { RowIdentity } from "../adapters";
import type { CampaignModel } from "../models/CampaignModel";
import type { CellVerb } from "../shared/cell-view";
import type { StudioActions } from "../shared/protocol";
import { newRequestId } from "../shared/request-id";
import type { CommandError } from "../shared/results";
import { AddToCampaign } from "./AddToCampaign";
import { CellChip } from "./CellChip";
import { CellPopover } from "./CellPopover";

export type RowCellsProps = {
  model: CampaignModel;
  identity: Signal<RowIdentity>;
  actions: StudioActions;
  /** The details popover opened or closed (its host must then render it unclipped). */
  onOpenChange?: (open: boolean) => void;
};

export function noticeText(e: CommandError): string {
  if (e.kind === "offline")
    return "Offline: the gateway is unreachable, nothing was sent. Try again when it is back.";
  if (e.kind === "unconfigured")
    return "Prospect Studio is not set up: add the gateway URL and token in Options.";
  return e.message;
}

export function RowCells({ model, identity, actions, onOpenChange }: RowCellsProps) {
  const [open, setOpenState] = useState<{ stepId: string; review: boolean } | undefined>();
  const setOpen = (next: { stepId: string; review: boolean } | undefined) => {
    setOpenState(next);
    onOpenChange?.(next !== undefined);
  };
  const [busy, setBusy] = useState<string | undefined>();
  const [notice, setNotice] = useState<CommandError | undefined>();
  const stripRef = useRef<HTMLDivElement>(null);
  const campaign = model.campaign.value;
  if (!campaign) return null;
  const prospectId = model.match(identity.value);
  if (!prospectId)
    return <AddToCampaign campaign={campaign} identity={identity.value} actions={actions} />;
  const row = model.row(prospectId).value;
  const cells = row?.cells ?? {};

  const command = async (stepId: string, verb: CellVerb) => {
    setBusy(stepId);
    setNotice(undefined);
    const r = await actions.cellCommand({
      campaignId: campaign.id,
      prospectId,
      stepId,
      verb,
      requestId: newRequestId(),
    });
    setBusy(undefined);
    if (!r.ok) setNotice(r.error);
  };

  const openStep = open ? campaign.steps.find((s) => s.id === open.stepId) : undefined;
  return (
    <div class="strip-wrap">
      <div class="strip" data-prospect-id={prospectId} ref={stripRef}>
        {campaign.steps.map((step) => (
          <CellChip
            key={step.id}
            campaign={campaign}
            step={step}
            cell={cells[step.id]}
            busy={busy === step.id}
            expanded={open?.stepId === step.id}
            onOpen={() =>
              setOpen(open?.stepId === step.id ? undefined : { stepId: step.id, review: false })
            }
            onAction={(verb, review) =>
              review ? setOpen({ stepId: step.id, review: true }) : void command(step.id, verb)
            }
          />
        ))}
      </div>
      {notice && (
        <span role="alert" class={`notice${notice.kind === "offline" ? " offline" : ""}`}>
          {noticeText(notice)}
        </span>
      )}
      {openStep && (
        <CellPopover
          campaign={campaign}
          step={openStep}
          cell={cells[openStep.id]}
          rowCells={cells}
          cellRef={{ campaignId: campaign.id, prospectId, stepId: openStep.id }}
          actions={actions}
          review={open?.review}
          onCommand={(verb) => {
            void command(openStep.id, verb);
            if (verb !== "cancel") setOpen(undefined);
          }}
          onClose={() => {
            const stepId = openStep.id;
            setOpen(undefined);
            // Give focus back to the chip that opened the details (keyboard users stay in place).
            requestAnimationFrame(() =>
              stripRef.current
                ?.querySelector<HTMLElement>(`.chip[data-step="${CSS.escape(stepId)}"] .main`)
                ?.focus(),
            );
          }}
        />
      )}
    </div>
  );
}
