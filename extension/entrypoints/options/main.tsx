import { render } from "preact";
import { Options } from "../../components/Options";
import "../../components/views.css";
import { createMessagingActions } from "../../shared/protocol";
import {
  customSelectorsItem,
  enabledSitesItem,
  gatewayUrlItem,
  tokenItem,
} from "../../shared/settings";

const actions = createMessagingActions();
const [gatewayUrl, token, sites, custom] = await Promise.all([
  gatewayUrlItem.getValue(),
  tokenItem.getValue(),
  enabledSitesItem.getValue(),
  customSelectorsItem.getValue(),
]);
render(
  <Options
    initial={{ gatewayUrl, token, sites, custom }}
    checkSettings={actions.checkSettings}
    saveSites={(s) => enabledSitesItem.setValue(s)}
    saveCustom={(c) => customSelectorsItem.setValue(c)}
  />,
  document.getElementById("app") as HTMLElement,
);
