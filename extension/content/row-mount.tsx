// A Preact island per CRM row, in its own shadow root, keyed by the row's identity signal.
import { signal } from "@preact/signals";
import { render } from "preact";
import type { RowIdentity } from "../adapters";
import { adoptChipStyles } from "../components/chip-styles";
import { RowCells } from "../components/RowCells";
import type { CampaignModel } from "../models/CampaignModel";
import type { StudioActions } from "../shared/protocol";
import { HOST_TAG, type RowMount } from "./row-decorator";

// The CRM's own row handlers (open record, select row) must not see clicks on our buttons.
const SHIELDED = [
  "click",
  "mousedown",
  "mouseup",
  "pointerdown",
  "pointerup",
  "dblclick",
  "keydown",
  "keyup",
];
const shield = (e: Event) => e.stopPropagation();

export function createRowMountFactory(model: CampaignModel, actions: StudioActions) {
  return (identity: RowIdentity): RowMount => {
    const host = document.createElement(HOST_TAG);
    host.setAttribute("data-ext-rid", identity.key);
    for (const t of SHIELDED) host.addEventListener(t, shield);
    const root = host.attachShadow({ mode: "open" });
    adoptChipStyles(root);
    const id = signal(identity);
    const onOpenChange = (open: boolean) => host.toggleAttribute("data-open", open);
    render(
      <RowCells model={model} identity={id} actions={actions} onOpenChange={onOpenChange} />,
      root,
    );
    return {
      host,
      update(next) {
        id.value = next;
      },
      destroy() {
        render(null, root);
        host.remove();
      },
    };
  };
}
