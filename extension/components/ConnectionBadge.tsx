// Connection state in words (popup, side panel).
import type { ConnectionState } from "../shared/protocol";

const TEXT: Record<ConnectionState["state"], string> = {
  online: "Online",
  connecting: "Connecting…",
  offline: "Offline",
  unconfigured: "Not set up",
};

export function ConnectionBadge({ connection }: { connection: ConnectionState }) {
  return (
    <span class={`conn conn-${connection.state}`} role="status" data-connection={connection.state}>
      {TEXT[connection.state]}
      {connection.state === "offline" && connection.message ? `: ${connection.message}` : ""}
    </span>
  );
}
