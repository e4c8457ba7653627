// The typed protocol between extension parts: request/answer messages (@webext-core/messaging)
// to the background, and the live channel (a runtime Port) the background pushes changes on.
import type {
  BulkRunBody,
  BulkRunResponse,
  Campaign,
  Cell,
  CellEditBody,
  CellWithHistory,
  MeResponse,
  Prospect,
  ProspectInput,
  ProspectRow,
  ProspectUpsertResponse,
  Step,
  StepPatchBody,
} from "@studio/contracts";
import { defineExtensionMessaging } from "@webext-core/messaging";
import type { CellVerb } from "./cell-view";
import type { CommandResult } from "./results";

export type CellRef = { campaignId: string; prospectId: string; stepId: string };

export type ConnectionState = {
  state: "unconfigured" | "connecting" | "online" | "offline";
  message?: string;
  retryInMs?: number;
};

/** Requests answered by the background (the only part that calls the gateway). */
export type BackgroundProtocol = {
  cellCommand(d: CellRef & { verb: CellVerb; requestId: string }): CommandResult<{ cell: Cell }>;
  getCell(d: CellRef): CommandResult<CellWithHistory>;
  editCell(
    d: CellRef & Pick<CellEditBody, "output" | "inputs"> & { requestId: string },
  ): CommandResult<{ cell: Cell }>;
  addProspect(d: {
    campaignId: string;
    prospect: ProspectInput;
    requestId: string;
  }): CommandResult<ProspectUpsertResponse>;
  bulkRun(d: { campaignId: string; body: BulkRunBody }): CommandResult<BulkRunResponse>;
  stop(d: { campaignId: string; stepId?: string; requestId: string }): CommandResult<{
    canceled: number;
  }>;
  patchStep(d: {
    campaignId: string;
    stepId: string;
    body: StepPatchBody;
  }): CommandResult<{ step: Step; queued: number }>;
  setActiveCampaign(d: { campaignId: string }): CommandResult<true>;
  /** GET /v1/me with these settings; `save` stores them only when the check passes. */
  checkSettings(d: { gatewayUrl: string; token: string; save: boolean }): CommandResult<MeResponse>;
};

/** Requests a content script answers (from the popup). */
export type TabProtocol = {
  pageProspects(): { prospectIds: string[]; site?: string; unmatched: number };
};

export const backgroundMessenger = defineExtensionMessaging<BackgroundProtocol>();
export const tabMessenger = defineExtensionMessaging<TabProtocol>();

export type StudioActions = {
  [K in keyof BackgroundProtocol]: (
    d: Parameters<BackgroundProtocol[K]>[0],
  ) => Promise<ReturnType<BackgroundProtocol[K]>>;
};

/** Actions for UI components, sent to the background. Tests pass fakes instead. */
export function createMessagingActions(): StudioActions {
  const send =
    <K extends keyof BackgroundProtocol>(k: K) =>
    (d: Parameters<BackgroundProtocol[K]>[0]) =>
      // biome-ignore lint/suspicious/noExplicitAny: the messenger's overloads cannot be indexed generically
      (backgroundMessenger.sendMessage as any)(k, d).catch((e: unknown) => ({
        ok: false,
        error: { kind: "error", message: `The extension background did not answer: ${String(e)}` },
      })) as Promise<ReturnType<BackgroundProtocol[K]>>;
  return {
    cellCommand: send("cellCommand"),
    getCell: send("getCell"),
    editCell: send("editCell"),
    addProspect: send("addProspect"),
    bulkRun: send("bulkRun"),
    stop: send("stop"),
    patchStep: send("patchStep"),
    setActiveCampaign: send("setActiveCampaign"),
    checkSettings: send("checkSettings"),
  };
}

export const LIVE_PORT = "studio-live";

/** Background → views, on the live port. */
export type LiveMessage =
  | { kind: "state"; connection: ConnectionState; campaigns: Campaign[]; activeCampaignId: string }
  /** The whole campaign, in parts (big campaigns never block a page in one message). */
  | { kind: "snapshot"; campaign: Campaign; rows: ProspectRow[]; first: boolean; last: boolean }
  | { kind: "cells"; campaignId: string; cells: Cell[] }
  | { kind: "prospects"; campaignId: string; prospects: Prospect[] }
  | { kind: "campaign"; campaign: Campaign };

/** Views → background, on the live port. */
export type LiveRequest = { kind: "subscribe"; campaignId?: string } | { kind: "ping" };
