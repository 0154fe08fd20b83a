import "server-only";
import { env } from "../env";
import { defaultModelId, listModels, type ModelInfo } from "../ai/models";

/** What the chat page needs to know about models and limits (nothing secret). */
export function chatConfig(): { models: ModelInfo[]; defaultModelId: string; maxChars: number } {
  return { models: listModels(), defaultModelId: defaultModelId(), maxChars: env().CHAT_MAX_MESSAGE_CHARS };
}
