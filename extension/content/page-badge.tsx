// A small fixed badge on decorated pages that says when the gateway is offline.
import { render } from "preact";
import type { CampaignModel } from "../models/CampaignModel";

const css = `:host{all:initial;position:fixed;right:12px;bottom:12px;z-index:2147483000;
font:12px/1.4 system-ui,sans-serif}
.b{background:#92400e;color:#fff;border-radius:6px;padding:6px 10px;box-shadow:0 4px 12px rgba(0,0,0,.2)}`;

function Badge({ model }: { model: CampaignModel }) {
  const c = model.connection.value;
  if (c.state !== "offline" && c.state !== "unconfigured") return null;
  return (
    <div class="b" role="status" data-connection={c.state}>
      {c.state === "offline"
        ? `Prospect Studio is offline: ${c.message ?? "the gateway is unreachable"}. Reconnecting…`
        : "Prospect Studio is not set up: open its Options."}
    </div>
  );
}

export function mountPageBadge(model: CampaignModel) {
  const host = document.createElement("studio-badge");
  const root = host.attachShadow({ mode: "open" });
  const style = document.createElement("style");
  style.textContent = css;
  root.appendChild(style);
  const mountPoint = document.createElement("div");
  root.appendChild(mountPoint);
  document.documentElement.appendChild(host);
  render(<Badge model={model} />, mountPoint);
  return {
    destroy() {
      render(null, mountPoint);
      host.remove();
    },
  };
}
