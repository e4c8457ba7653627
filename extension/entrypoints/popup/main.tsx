import { render } from "preact";
import { browser } from "wxt/browser";
import { Popup } from "../../components/Popup";
import "../../components/views.css";
import { createCampaignModel } from "../../models/CampaignModel";
import { connectLive } from "../../models/live-connection";
import { createMessagingActions, tabMessenger } from "../../shared/protocol";

const model = createCampaignModel();
connectLive(model);

async function pageInfo() {
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  if (tab?.id === undefined) return undefined;
  return tabMessenger.sendMessage("pageProspects", undefined, tab.id).catch(() => undefined);
}

async function openSidePanel() {
  const win = await browser.windows.getCurrent();
  if (win.id !== undefined) await browser.sidePanel.open({ windowId: win.id });
  window.close();
}

render(
  <Popup
    model={model}
    actions={createMessagingActions()}
    pageInfo={pageInfo}
    openSidePanel={() => void openSidePanel()}
    openOptions={() => void browser.runtime.openOptionsPage()}
  />,
  document.getElementById("app") as HTMLElement,
);
