import { defineConfig } from "wxt";

export default defineConfig({
  manifest: { name: "Prospect Studio" },
});
