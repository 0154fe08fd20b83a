import "server-only";
import { createAnthropic } from "@ai-sdk/anthropic";
import { createOpenAI } from "@ai-sdk/openai";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import type { LanguageModelV4 } from "@ai-sdk/provider";
import { env } from "../env";
import { OFFLINE_MODEL_ID, type Env } from "../env-schema";
import { offlineModelInfo, settingsProviders } from "../models/settings-models";
import { AppError } from "../errors/app-error";
import { createOfflineModel } from "./offline-model";
import type { ChatCompletionsTarget } from "./chat-completions-stream";
import type { ModelInfo } from "./model-info";

export { OFFLINE_MODEL_ID };

type Registry = {
  models: ModelInfo[];
  defaultId: string;
  create: (info: ModelInfo) => LanguageModelV4;
  upstream: (info: ModelInfo) => ChatCompletionsTarget | undefined;
};

function buildRegistry(settings: Env): Registry {
  const real = settingsProviders(settings).flatMap((provider) => provider.models);
  const offline = offlineModelInfo();
  // The offline model stays listed last (a stand-in, never the preferred choice) so a demo remains
  // possible when a provider is down. DEFAULT_MODEL was checked against this list by the env schema.
  const models = [...real, offline];
  const defaultId = settings.DEFAULT_MODEL ?? real[0]?.id ?? OFFLINE_MODEL_ID;

  // Provider instances are created once, on first use; model objects once per id. Always instances:
  // a bare model id string would be routed to a hosted gateway.
  let openai: ReturnType<typeof createOpenAI> | undefined;
  let compatible: ReturnType<typeof createOpenAICompatible> | undefined;
  let anthropic: ReturnType<typeof createAnthropic> | undefined;
  const offlineModel = createOfflineModel({ wordDelayMs: settings.OFFLINE_MODEL_WORD_DELAY_MS });
  const instances = new Map<string, LanguageModelV4>();

  const instantiate = (info: ModelInfo): LanguageModelV4 => {
    switch (info.provider) {
      case "offline":
        return offlineModel;
      case "openai":
        openai ??= createOpenAI({
          apiKey: settings.OPENAI_API_KEY,
          baseURL: settings.OPENAI_BASE_URL,
        });
        // Chat Completions rather than the Responses API: it is what OpenAI-style proxies and
        // gateways set in OPENAI_BASE_URL implement.
        return openai.chat(info.id);
      case "openai-compatible":
        compatible ??= createOpenAICompatible({
          name: "openai-compatible",
          baseURL: settings.OPENAI_COMPATIBLE_BASE_URL ?? "",
          apiKey: settings.OPENAI_COMPATIBLE_API_KEY,
          // Without it most servers send no token counts when streaming.
          includeUsage: true,
        });
        return compatible.chatModel(info.id);
      case "anthropic":
        anthropic ??= createAnthropic({ apiKey: settings.ANTHROPIC_API_KEY });
        return anthropic.messages(info.id);
    }
  };
  const create = (info: ModelInfo): LanguageModelV4 => {
    let model = instances.get(info.id);
    if (!model) {
      model = instantiate(info);
      instances.set(info.id, model);
    }
    return model;
  };
  // OpenAI-compatible servers are streamed by our lean client (lib/ai/stream-model.ts); OpenAI itself
  // and Anthropic keep their SDK providers, which know their APIs' particulars.
  const upstream = (info: ModelInfo): ChatCompletionsTarget | undefined =>
    info.provider === "openai-compatible"
      ? {
          baseURL: settings.OPENAI_COMPATIBLE_BASE_URL ?? "",
          apiKey: settings.OPENAI_COMPATIBLE_API_KEY,
          modelId: info.id,
        }
      : undefined;
  return { models, defaultId, create, upstream };
}

let registry: Registry | undefined;

function current(): Registry {
  registry ??= buildRegistry(env());
  return registry;
}

/** Every model users may pick, real providers first, the offline model last. */
export function listModels(): ModelInfo[] {
  return current().models.map((model) => ({ ...model }));
}

export function defaultModelId(): string {
  return current().defaultId;
}

/** The model to call for an id (null/undefined = the default); unknown ids are a validation error. */
export function resolveModel(modelId: string | null | undefined): {
  info: ModelInfo;
  model: LanguageModelV4;
  upstream: ChatCompletionsTarget | undefined;
} {
  const { models, defaultId, create, upstream } = current();
  const id = modelId ?? defaultId;
  const info = models.find((model) => model.id === id);
  if (!info) {
    throw new AppError("VALIDATION", `Unknown model "${id.slice(0, 100)}". Pick a model from the list.`);
  }
  return { info: { ...info }, model: create(info), upstream: upstream(info) };
}
