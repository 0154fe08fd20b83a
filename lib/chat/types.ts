// What the browser receives about conversations and messages. Plain JSON: no Dates, no provider
// details beyond the model id.
import type { MessageFeedback } from "../feedback/types";
import type { ArenaPending } from "./arena/arena-types";

export type MessageStatus = "complete" | "streaming" | "stopped" | "error";

export type ChatMessage = {
  id: string;
  parentId: string | null;
  role: "user" | "assistant";
  text: string;
  createdAt: string;
  status: MessageStatus;
  error: string | null;
  modelId: string | null;
  inputTokens: number | null;
  /** Of inputTokens, those served from the provider's prompt cache. */
  cachedInputTokens: number | null;
  outputTokens: number | null;
  /** The counts were made locally (the provider reported none). */
  tokensEstimated: boolean;
  /** USD at the prices when the answer was made; null when unknown. */
  costUsd: number | null;
  timeToFirstTokenMs: number | null;
  durationMs: number | null;
  /** The viewer's own rating of an answer, when they gave one. */
  feedback?: MessageFeedback | null;
};

export type ConversationSource = "chat" | "api" | "playground";

export type ConversationSummary = {
  id: string;
  title: string;
  updatedAt: string;
  temporary: boolean;
  /** The sidebar lists each source under its own filter. */
  source: ConversationSource;
};

export type ConversationDetail = ConversationSummary & {
  modelId: string | null;
  systemPrompt: string;
  currentLeafId: string | null;
  messages: ChatMessage[];
  /** A blind arena vote still to be given (docs/arena.md); its answers come without their models. */
  arena?: ArenaPending | null;
};

/** Sent with the streamed answer (AI SDK message metadata). */
export type StreamMetadata = {
  conversationId?: string;
  parentId?: string | null;
  userMessageId?: string | null;
  modelId?: string;
  createdAt?: string;
  title?: string;
  contextTrimmed?: number;
  status?: MessageStatus;
  error?: string | null;
  retryAfterSeconds?: number | null;
  inputTokens?: number | null;
  cachedInputTokens?: number | null;
  outputTokens?: number | null;
  tokensEstimated?: boolean;
  costUsd?: number | null;
  timeToFirstTokenMs?: number | null;
  durationMs?: number | null;
};
