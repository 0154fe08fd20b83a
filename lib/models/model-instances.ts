import "server-only";
import { createAnthropic } from "@ai-sdk/anthropic";
import { createOpenAI } from "@ai-sdk/openai";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import type { LanguageModelV4 } from "@ai-sdk/provider";
import type { Env } from "../env-schema";
import { createOfflineModel, type OfflineModel } from "../ai/offline-model";
import type { ChatCompletionsTarget } from "../ai/chat-completions-stream";
import type { OpenedProvider, RegisteredModel } from "./registry-snapshot";

// The SDK objects that call a registered model. One set per registry snapshot, so they are keyed by
// provider and registry version: after a change, new turns get new instances with the new URL, key
// and headers, while an answer already streaming keeps the instance it started with.

export type ModelCall = {
  model: LanguageModelV4;
  /** Set for OpenAI-compatible servers, streamed by the lean client (lib/ai/stream-model.ts). */
  upstream: ChatCompletionsTarget | undefined;
};

type Endpoint = Pick<OpenedProvider, "type" | "apiKey" | "headers"> & {
  key: string;
  baseUrl: string | undefined;
};

type ProviderInstance =
  | { type: "openai"; sdk: ReturnType<typeof createOpenAI> }
  | { type: "openai-compatible"; sdk: ReturnType<typeof createOpenAICompatible> }
  | { type: "anthropic"; sdk: ReturnType<typeof createAnthropic> };

let offline: OfflineModel | undefined;

function settingsEndpoint(type: RegisteredModel["info"]["provider"], settings: Env): Endpoint {
  const key = `settings:${type}`;
  switch (type) {
    case "openai":
      return { key, type, baseUrl: settings.OPENAI_BASE_URL, apiKey: settings.OPENAI_API_KEY, headers: {} };
    case "openai-compatible":
      return {
        key,
        type,
        baseUrl: settings.OPENAI_COMPATIBLE_BASE_URL ?? "",
        apiKey: settings.OPENAI_COMPATIBLE_API_KEY,
        headers: {},
      };
    default:
      return { key, type: "anthropic", baseUrl: undefined, apiKey: settings.ANTHROPIC_API_KEY, headers: {} };
  }
}

function instantiate(endpoint: Endpoint): ProviderInstance {
  // Always instances: a bare model id string would be routed to a hosted gateway.
  const headers = Object.keys(endpoint.headers).length > 0 ? endpoint.headers : undefined;
  switch (endpoint.type) {
    case "openai":
      return {
        type: "openai",
        sdk: createOpenAI({ apiKey: endpoint.apiKey, baseURL: endpoint.baseUrl, headers }),
      };
    case "openai-compatible":
      return {
        type: "openai-compatible",
        sdk: createOpenAICompatible({
          name: "openai-compatible",
          baseURL: endpoint.baseUrl ?? "",
          apiKey: endpoint.apiKey,
          headers,
          // Without it most servers send no token counts when streaming.
          includeUsage: true,
        }),
      };
    case "anthropic":
      return {
        type: "anthropic",
        sdk: createAnthropic({ apiKey: endpoint.apiKey, baseURL: endpoint.baseUrl, headers }),
      };
  }
}

/** Creates provider instances on first use and model objects once per id, for one snapshot. */
export function modelInstances(settings: Env): (model: RegisteredModel) => ModelCall {
  const providers = new Map<string, ProviderInstance>();
  const calls = new Map<string, ModelCall>();

  const create = (registered: RegisteredModel): ModelCall => {
    const { info, upstreamId, provider } = registered;
    if (info.provider === "offline") {
      offline ??= createOfflineModel({ wordDelayMs: settings.OFFLINE_MODEL_WORD_DELAY_MS });
      return { model: offline, upstream: undefined };
    }
    const endpoint: Endpoint = provider
      ? {
          key: provider.id,
          type: provider.type,
          baseUrl: provider.baseUrl,
          apiKey: provider.apiKey,
          headers: provider.headers,
        }
      : settingsEndpoint(info.provider, settings);
    let instance = providers.get(endpoint.key);
    if (!instance) {
      instance = instantiate(endpoint);
      providers.set(endpoint.key, instance);
    }
    switch (instance.type) {
      case "openai":
        // Chat Completions rather than the Responses API: it is what OpenAI-style proxies and
        // gateways implement.
        return { model: instance.sdk.chat(upstreamId), upstream: undefined };
      case "anthropic":
        return { model: instance.sdk.messages(upstreamId), upstream: undefined };
      case "openai-compatible":
        // Streamed by our lean client; the SDK model stays for everything else (titles).
        return {
          model: instance.sdk.chatModel(upstreamId),
          upstream: {
            baseURL: endpoint.baseUrl ?? "",
            apiKey: endpoint.apiKey,
            modelId: upstreamId,
            headers: endpoint.headers,
          },
        };
    }
  };
  return (registered) => {
    let call = calls.get(registered.info.id);
    if (!call) {
      call = create(registered);
      calls.set(registered.info.id, call);
    }
    return call;
  };
}
