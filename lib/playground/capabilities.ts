// Which playground parameters each model can take. Pure (no "server-only"): the server refuses what a
// model cannot take, and the page disables the same controls with the same reason. The rules follow
// what each path really sends (lib/ai/stream-model.ts):
// - the offline demo model (lib/ai/offline-model.ts) honours the seed, stop sequences and the maximum
//   length, and writes prose only: it ignores temperature, top P and the penalties, and cannot write JSON;
// - OpenAI-compatible servers get every parameter from our own client (lib/ai/chat-completions-stream.ts);
// - OpenAI (Chat Completions through @ai-sdk/openai) takes them all, except that its reasoning models
//   (o1, o3, o4…, GPT-5) drop temperature, top P and the penalties;
// - Anthropic (@ai-sdk/anthropic) has no seed and no penalties, clamps temperature to 0–1, and
//   ignores a JSON response format without a schema.
import type { ModelInfo } from "../ai/model-info";
import type { PlaygroundParams } from "./schemas";

export type ParamKey = Exclude<keyof PlaygroundParams, "responseFormat">;

/** The parameters in the panel's order, with the names the page shows. */
export const PARAM_LABELS: Record<ParamKey, string> = {
  temperature: "Temperature",
  topP: "Top P",
  maxOutputTokens: "Maximum tokens",
  stopSequences: "Stop sequences",
  seed: "Seed",
  presencePenalty: "Presence penalty",
  frequencyPenalty: "Frequency penalty",
};

export const PARAM_KEYS = Object.keys(PARAM_LABELS) as ParamKey[];

/** Null: supported; a string: why not, to show beside the disabled control. */
export type Unsupported = string | null;

export type ModelCapabilities = {
  params: Record<ParamKey, Unsupported>;
  /** The highest temperature the model takes (OpenAI's range is 0–2; Anthropic's 0–1). */
  maxTemperature: number;
  /** JSON output: null when supported, or why not. */
  json: Unsupported;
  /** JSON output needs a schema (Anthropic ignores JSON mode without one). */
  jsonNeedsSchema: boolean;
};

type ModelRef = Pick<ModelInfo, "provider" | "name"> & {
  /** The id the provider is called with (a reasoning model is recognised by it). */
  upstreamId: string;
};

// OpenAI's reasoning families, as @ai-sdk/openai treats them: no sampling parameters, no penalties.
const OPENAI_REASONING = /^(?:o\d|gpt-5(?!-chat))/;

const ALL_SUPPORTED: Record<ParamKey, Unsupported> = {
  temperature: null,
  topP: null,
  maxOutputTokens: null,
  stopSequences: null,
  seed: null,
  presencePenalty: null,
  frequencyPenalty: null,
};

export function modelCapabilities(model: ModelRef): ModelCapabilities {
  const full: ModelCapabilities = {
    params: { ...ALL_SUPPORTED },
    maxTemperature: 2,
    json: null,
    jsonNeedsSchema: false,
  };
  switch (model.provider) {
    case "offline": {
      const why = "The offline demo model ignores it.";
      return {
        ...full,
        params: { ...full.params, temperature: why, topP: why, presencePenalty: why, frequencyPenalty: why },
        json: "The offline demo model writes prose only.",
      };
    }
    case "anthropic": {
      const why = "Anthropic models do not take it.";
      return {
        ...full,
        params: { ...full.params, seed: why, presencePenalty: why, frequencyPenalty: why },
        maxTemperature: 1,
        jsonNeedsSchema: true,
      };
    }
    case "openai": {
      const bare = model.upstreamId.slice(model.upstreamId.lastIndexOf("/") + 1).toLowerCase();
      if (!OPENAI_REASONING.test(bare)) return full;
      const why = "OpenAI's reasoning models do not take it.";
      return {
        ...full,
        params: { ...full.params, temperature: why, topP: why, presencePenalty: why, frequencyPenalty: why },
      };
    }
    default:
      return full;
  }
}

export type CapableModel = { name: string; capabilities: ModelCapabilities };

/**
 * Why a parameter is off for a set of models (Compare sends the same parameters to each), naming the
 * model when there are several; null when every one of them takes it.
 */
export function unsupportedReason(models: CapableModel[], key: ParamKey): string | null {
  const refusing = models.filter((m) => m.capabilities.params[key] !== null);
  if (refusing.length === 0) return null;
  if (models.length === 1) return refusing[0]!.capabilities.params[key];
  return `${refusing.map((m) => m.name).join(", ")}: ${refusing[0]!.capabilities.params[key]}`;
}

/** Why JSON output is off for these models; null when each can write it. */
export function jsonUnsupportedReason(models: CapableModel[]): string | null {
  const refusing = models.filter((m) => m.capabilities.json !== null);
  if (refusing.length === 0) return null;
  if (models.length === 1) return refusing[0]!.capabilities.json;
  return `${refusing.map((m) => m.name).join(", ")}: ${refusing[0]!.capabilities.json}`;
}

/** The highest temperature every model takes. */
export function maxTemperature(models: CapableModel[]): number {
  return Math.min(2, ...models.map((m) => m.capabilities.maxTemperature));
}

/**
 * The parameters `params` sets that these models cannot take, as field errors keyed like the
 * settings' schema ("params.seed"): the server refuses such a run, the page never sends one.
 */
export function capabilityErrors(models: CapableModel[], params: PlaygroundParams): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const key of PARAM_KEYS) {
    if (params[key] === undefined) continue;
    const reason = unsupportedReason(models, key);
    if (reason) errors[`params.${key}`] = `${PARAM_LABELS[key]} cannot be set here. ${reason}`;
  }
  const top = maxTemperature(models);
  if (params.temperature !== undefined && !errors["params.temperature"] && params.temperature > top) {
    errors["params.temperature"] =
      `Temperature is at most ${top} for the chosen model${models.length > 1 ? "s" : ""}.`;
  }
  const format = params.responseFormat;
  if (format?.type === "json") {
    const reason = jsonUnsupportedReason(models);
    const hasSchema = (format.schema ?? "").trim() !== "";
    if (reason) {
      errors["params.responseFormat"] = `JSON output is not available. ${reason}`;
    } else if (!hasSchema && models.some((m) => m.capabilities.jsonNeedsSchema)) {
      const names = models.filter((m) => m.capabilities.jsonNeedsSchema).map((m) => m.name);
      errors["params.responseFormat"] = `JSON output needs a schema for ${names.join(", ")}.`;
    }
  }
  return errors;
}

/**
 * The parameters without those these models cannot take, and the temperature brought within their
 * range: what the page keeps when the chosen models change, so a hidden value is never sent.
 */
export function fitParams(models: CapableModel[], params: PlaygroundParams): PlaygroundParams {
  const fitted: PlaygroundParams = { ...params };
  for (const key of PARAM_KEYS) if (unsupportedReason(models, key) !== null) delete fitted[key];
  const top = maxTemperature(models);
  if (fitted.temperature !== undefined && fitted.temperature > top) fitted.temperature = top;
  if (fitted.responseFormat?.type === "json" && jsonUnsupportedReason(models) !== null) {
    delete fitted.responseFormat;
  }
  return fitted;
}
