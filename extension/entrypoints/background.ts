// Service worker: the only part of the extension that talks to the gateway (see background/).

import { defineBackground } from "wxt/utils/define-background";
import { startBackground } from "../background";

export default defineBackground(() => {
  startBackground();
});
