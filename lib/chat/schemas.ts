// Chat inputs, shared by the browser (components/chat) and the server (route handler, actions).
import { z } from "zod";
import { userText } from "../validation/user-text";

export const conversationId = z.uuid("Unknown conversation.");
const messageIdField = z.uuid("Unknown message.");

/**
 * What the browser sends to POST /api/chat. The server owns the history: only the new message (or the
 * answer to regenerate) travels, never the conversation.
 * - submit: a new user message under `parentId` (null = first message; an edit is a submit under the
 *   edited message's parent, which makes it a sibling branch).
 * - regenerate: a new answer to the user message `parentId`, beside the existing ones.
 */
export const chatRequestInput = z.discriminatedUnion("trigger", [
  z.object({
    trigger: z.literal("submit"),
    conversationId: conversationId.nullable(),
    parentId: messageIdField.nullable(),
    message: z.object({
      id: messageIdField,
      // The length limit is checked separately, with its own 413-style error and the configured limit.
      text: userText().refine((text) => text.trim().length > 0, "Type a message first."),
    }),
    modelId: z.string().max(200).optional(),
    temporary: z.boolean().optional(),
    edit: z.boolean().optional(),
  }),
  z.object({
    trigger: z.literal("regenerate"),
    conversationId,
    parentId: messageIdField,
    modelId: z.string().max(200).optional(),
    retry: z.boolean().optional(),
  }),
]);
export type ChatRequest = z.infer<typeof chatRequestInput>;

export const stopGenerationInput = z.object({ messageId: messageIdField });
export const renameConversationInput = z.object({
  conversationId,
  title: userText().trim().min(1, "Enter a title.").max(200, "Titles are at most 200 characters."),
});
export const deleteConversationInput = z.object({ conversationId });
export const deleteAllConversationsInput = z.object({ confirm: z.literal(true) });
export const selectBranchInput = z.object({ conversationId, leafId: messageIdField });
export const setConversationModelInput = z.object({ conversationId, modelId: z.string().min(1).max(200) });
export const updateSystemPromptInput = z.object({
  conversationId,
  systemPrompt: userText().max(8000, "The system prompt is at most 8,000 characters."),
});
/** Where a conversation came from: the chat, the public API, the playground (ConversationSource). */
export const CONVERSATION_SOURCES = ["chat", "api", "playground"] as const;
export const conversationSource = z.enum(CONVERSATION_SOURCES, "Unknown source.");
export const listConversationsInput = z.object({
  // The sidebar shows one source at a time: API calls must not bury the chats.
  source: conversationSource.default("chat"),
  cursor: z.object({ updatedAt: z.iso.datetime(), id: z.uuid() }).nullable().default(null),
  limit: z.number().int().min(1).max(200).default(50),
});
export const searchConversationsInput = z.object({
  query: userText().trim().max(200),
  source: conversationSource.default("chat"),
});
