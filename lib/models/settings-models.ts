import { configuredModels, OFFLINE_MODEL_ID, type Env, type ModelProvider } from "../env-schema";
import type { ModelInfo } from "../ai/model-info";
import { tablePrice } from "./price-table";

// The models the environment settings make available (OPENAI_*, OPENAI_COMPATIBLE_*, ANTHROPIC_*,
// MODELS_FILE), grouped by provider, and the built-in offline model. They are read-only: Admin →
// Models lists them as "from settings", and changing them means changing the settings and restarting.

/** A provider made available by the settings. Never carries its key. */
export type SettingsProvider = {
  key: `settings:${ModelProvider}`;
  type: ModelProvider;
  name: string;
  /** The base URL in use; null for the provider's public default. */
  baseUrl: string | null;
  models: ModelInfo[];
};

// Anything unknown gets its provider's default window: small for self-hosted servers, whose configured
// context is often far below the model's nominal one, so history is trimmed before the server
// truncates or rejects it.
export const DEFAULT_CONTEXT_WINDOW: Record<ModelInfo["provider"], number> = {
  offline: 8_192,
  openai: 128_000,
  "openai-compatible": 8_192,
  anthropic: 200_000,
};

/** The built-in offline model: free, always there, listed last. */
export function offlineModelInfo(): ModelInfo {
  return {
    id: OFFLINE_MODEL_ID,
    name: "Offline demo",
    description: "A built-in stand-in that answers without any provider.",
    provider: "offline",
    providerName: "Built-in",
    contextWindow: DEFAULT_CONTEXT_WINDOW.offline,
    maxOutputTokens: null,
    inputPricePerMTok: 0,
    cachedInputPricePerMTok: 0,
    outputPricePerMTok: 0,
  };
}

/** The settings' providers that have credentials, each with its models in picker order. */
export function settingsProviders(settings: Env): SettingsProvider[] {
  const names: Record<ModelProvider, string> = {
    openai: "OpenAI",
    "openai-compatible": settings.OPENAI_COMPATIBLE_NAME,
    anthropic: "Anthropic",
  };
  const baseUrls: Record<ModelProvider, string | null> = {
    openai: settings.OPENAI_BASE_URL ?? null,
    "openai-compatible": settings.OPENAI_COMPATIBLE_BASE_URL ?? null,
    anthropic: null,
  };
  const byType = new Map<ModelProvider, SettingsProvider>();
  for (const model of configuredModels(settings)) {
    // The table only describes the public providers' own models; a self-hosted server's "gpt-4o" is
    // whatever it serves, at no list price.
    const listed = model.provider === "openai-compatible" ? undefined : tablePrice(model.id);
    const info: ModelInfo = {
      id: model.id,
      name: model.name ?? model.id,
      description: "",
      provider: model.provider,
      providerName: names[model.provider],
      contextWindow: model.contextWindow ?? listed?.contextWindow ?? DEFAULT_CONTEXT_WINDOW[model.provider],
      maxOutputTokens: listed?.maxOutputTokens ?? null,
      inputPricePerMTok: model.inputPricePerMTok ?? listed?.input ?? null,
      cachedInputPricePerMTok: listed?.cachedInput ?? model.inputPricePerMTok ?? null,
      outputPricePerMTok: model.outputPricePerMTok ?? listed?.output ?? null,
    };
    let provider = byType.get(model.provider);
    if (!provider) {
      provider = {
        key: `settings:${model.provider}`,
        type: model.provider,
        name: names[model.provider],
        baseUrl: baseUrls[model.provider],
        models: [],
      };
      byType.set(model.provider, provider);
    }
    provider.models.push(info);
  }
  return [...byType.values()];
}
