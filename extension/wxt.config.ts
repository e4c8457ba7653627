import preact from "@preact/preset-vite";
import { defineConfig } from "wxt";

export default defineConfig({
  manifest: {
    name: "Prospect Studio",
    description: "Click to Run and Run Again on your prospects, right in your CRM list views.",
    permissions: ["storage", "sidePanel", "alarms", "tabs"],
    // The gateway can live anywhere (configured in Options); CRM pages are on many hosts.
    host_permissions: ["<all_urls>"],
    action: { default_title: "Prospect Studio" },
  },
  vite: () => ({ plugins: [preact()] }),
});
