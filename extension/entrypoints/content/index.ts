// Content script: decorates the rows of supported CRM list views (everything lives in content/).
import { defineContentScript } from "wxt/utils/define-content-script";
import { startPageRuntime } from "../../content/page-runtime";

export default defineContentScript({
  matches: ["<all_urls>"],
  runAt: "document_idle",
  main(ctx) {
    void startPageRuntime(ctx);
  },
});
