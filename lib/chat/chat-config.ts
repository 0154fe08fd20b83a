import "server-only";
import { env } from "../env";
import { defaultModelId, listModels } from "../ai/models";
import type { ModelInfo } from "../ai/model-info";

/** What the chat page needs to know about models and limits (nothing secret). */
export function chatConfig(): { models: ModelInfo[]; defaultModelId: string; maxChars: number } {
  return { models: listModels(), defaultModelId: defaultModelId(), maxChars: env().CHAT_MAX_MESSAGE_CHARS };
}
