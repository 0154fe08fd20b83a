// Types the page shares with the server, on a module without "server-only".
import type { ModelInfo } from "../ai/model-info";
import type { ModelParams } from "../models/model-params";
import type { ModelCapabilities } from "./capabilities";

/** A model as the playground shows it: its details, its admin defaults and what it can take. */
export type PlaygroundModel = {
  info: ModelInfo;
  /** The admin's defaults (lib/models/model-params.ts): what an unset parameter means. */
  defaults: ModelParams;
  capabilities: ModelCapabilities;
};
