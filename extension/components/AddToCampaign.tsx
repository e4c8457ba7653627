// "Add to campaign" for a CRM row that matches no prospect: the fields come from the row.
import type { Campaign, ProspectInput } from "@studio/contracts";
import { useState } from "preact/hooks";
import type { RowIdentity } from "../adapters";
import type { StudioActions } from "../shared/protocol";
import { newRequestId } from "../shared/request-id";

export function prospectFromRow(identity: RowIdentity): ProspectInput | undefined {
  if (!identity.email) return undefined;
  const p: ProspectInput = { email: identity.email };
  const f = identity.fields;
  if (f.firstName) p.firstName = f.firstName;
  if (f.lastName) p.lastName = f.lastName;
  if (f.company) p.company = f.company;
  if (f.title) p.title = f.title;
  if (identity.crm) p.crm = { [identity.crm.system]: identity.crm.id };
  return p;
}

export function AddToCampaign(p: {
  campaign: Campaign;
  identity: RowIdentity;
  actions: StudioActions;
}) {
  const [state, setState] = useState<"idle" | "adding" | "added">("idle");
  const [message, setMessage] = useState("");
  const input = prospectFromRow(p.identity);
  const who =
    [p.identity.fields.firstName, p.identity.fields.lastName].filter(Boolean).join(" ") ||
    p.identity.email;

  const add = async () => {
    if (!input) {
      setMessage("This row has no email address to add.");
      return;
    }
    setState("adding");
    setMessage("");
    const r = await p.actions.addProspect({
      campaignId: p.campaign.id,
      prospect: input,
      requestId: newRequestId(),
    });
    if (r.ok && r.value.refused.length === 0) {
      setState("added");
      return;
    }
    setState("idle");
    setMessage(
      r.ok
        ? (r.value.refused[0]?.reason ?? "Refused")
        : r.error.kind === "offline"
          ? "Offline: the gateway is unreachable, nothing was sent."
          : r.error.message,
    );
  };

  return (
    <span>
      <button
        type="button"
        class="add"
        disabled={state !== "idle"}
        aria-label={`Add to campaign: ${who ?? "this row"} to ${p.campaign.name}`}
        onClick={add}
      >
        {state === "adding" ? "Adding…" : state === "added" ? "Added" : "Add to campaign"}
      </button>
      {message && (
        <span role="alert" class="notice">
          {message}
        </span>
      )}
    </span>
  );
}
