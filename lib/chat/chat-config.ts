import "server-only";
import { env } from "../env";
import type { Role } from "../db/generated/enums";
import { modelsForRole } from "../models/registry";
import type { ModelInfo } from "../ai/model-info";

export type ChatConfig = { models: ModelInfo[]; defaultModelId: string; maxChars: number };

/** What the chat page needs to know about models and limits (nothing secret), for the user's role. */
export async function chatConfig(role: Role): Promise<ChatConfig> {
  return { ...(await modelsForRole(role)), maxChars: env().CHAT_MAX_MESSAGE_CHARS };
}
