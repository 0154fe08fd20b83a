import "server-only";
import { db } from "../db/client";
import { env } from "../env";
import { open } from "../crypto/secret-box";
import type { ModelInfo } from "../ai/model-info";
import { modelParams } from "./model-params";
import { API_KEY_PURPOSE, HEADERS_PURPOSE } from "./provider-secrets";
import { readRegistryState } from "./registry-version";
import { offlineModelInfo, settingsProviders } from "./settings-models";
import {
  buildSnapshot,
  type AdminProviderRow,
  type OpenedProvider,
  type RegistrySnapshot,
} from "./registry-snapshot";

// Reads the whole registry: the settings' models, the admins' providers and models from PostgreSQL
// (their secrets opened here, in server memory only) and the offline model.

const PROVIDER_TYPES = {
  openai: "openai",
  openai_compatible: "openai-compatible",
  anthropic: "anthropic",
} as const satisfies Record<string, ModelInfo["provider"]>;

function openHeaders(sealed: string | null): Record<string, string> {
  if (!sealed) return {};
  const parsed: unknown = JSON.parse(open(sealed, HEADERS_PURPOSE));
  const headers: Record<string, string> = {};
  if (parsed && typeof parsed === "object") {
    for (const [name, value] of Object.entries(parsed)) if (typeof value === "string") headers[name] = value;
  }
  return headers;
}

async function adminProviders(warnings: string[]): Promise<AdminProviderRow[]> {
  const rows = await db().provider.findMany({
    include: { models: { orderBy: [{ createdAt: "asc" }, { modelId: "asc" }] } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  const providers: AdminProviderRow[] = [];
  for (const row of rows) {
    let provider: OpenedProvider;
    try {
      provider = {
        id: row.id,
        type: PROVIDER_TYPES[row.type],
        name: row.name,
        baseUrl: row.baseUrl,
        apiKey: row.apiKeySealed ? open(row.apiKeySealed, API_KEY_PURPOSE) : undefined,
        headers: openHeaders(row.headersSealed),
      };
    } catch (error) {
      // One provider whose secrets cannot be opened (a lost ENCRYPTION_KEY) must not take the others down.
      warnings.push(
        `Provider "${row.name}" is left out: ${error instanceof Error ? error.message : "its secrets cannot be opened"}`,
      );
      provider = {
        id: row.id,
        type: PROVIDER_TYPES[row.type],
        name: row.name,
        baseUrl: row.baseUrl,
        apiKey: undefined,
        headers: {},
      };
      providers.push({ provider, enabled: false, models: [] });
      continue;
    }
    providers.push({
      provider,
      enabled: row.enabled,
      models: row.models.map((model) => {
        const info: ModelInfo = {
          id: model.modelId,
          name: model.displayName,
          description: model.description,
          provider: provider.type,
          providerName: row.name,
          contextWindow: model.contextWindow,
          maxOutputTokens: model.maxOutputTokens,
          inputPricePerMTok: model.inputPricePerMTok,
          cachedInputPricePerMTok: model.cachedInputPricePerMTok,
          outputPricePerMTok: model.outputPricePerMTok,
        };
        return {
          info,
          roles: model.allowedRoles,
          upstreamId: model.upstreamId,
          params: modelParams(model.defaultParams, model.maxOutputTokens),
          enabled: model.enabled,
        };
      }),
    });
  }
  return providers;
}

export async function loadRegistry(): Promise<RegistrySnapshot> {
  // The version first: a change committed while the rows are read shows as a newer version next time.
  const state = await readRegistryState();
  const settings = env();
  const warnings: string[] = [];
  const snapshot = buildSnapshot({
    version: state.version,
    settingsModels: settingsProviders(settings).flatMap((provider) => provider.models),
    adminProviders: await adminProviders(warnings),
    offline: offlineModelInfo(),
    storedDefaultId: state.defaultModelId,
    settingsDefaultId: settings.DEFAULT_MODEL,
  });
  snapshot.warnings.unshift(...warnings);
  return snapshot;
}
