// Every command of `pnpm studio`, in the order the help lists them.
import type { Command } from "../command";
import { campaignApply } from "./campaign-apply";
import { events } from "./events";
import { me } from "./me";
import { prospectsImport } from "./prospects-import";
import { run } from "./run";
import { stop } from "./stop";
import { tokenCreate } from "./token-create";

export const commands: readonly Command[] = [
  tokenCreate,
  campaignApply,
  prospectsImport,
  run,
  stop,
  events,
  me,
];
