import { render } from "preact";
import { SidePanel } from "../../components/SidePanel";
import "../../components/views.css";
import { createCampaignModel } from "../../models/CampaignModel";
import { connectLive } from "../../models/live-connection";
import { createMessagingActions } from "../../shared/protocol";

const model = createCampaignModel();
connectLive(model);
render(
  <SidePanel model={model} actions={createMessagingActions()} />,
  document.getElementById("app") as HTMLElement,
);
