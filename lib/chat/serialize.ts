import { shownText } from "./shown-text";
import type { ChatMessage } from "./types";

export const messageColumns = {
  id: true,
  parentId: true,
  role: true,
  text: true,
  createdAt: true,
  status: true,
  error: true,
  modelId: true,
  inputTokens: true,
  cachedInputTokens: true,
  outputTokens: true,
  tokensEstimated: true,
  costUsd: true,
  timeToFirstTokenMs: true,
  durationMs: true,
} as const;

// The database row differs from what the browser gets only in its role type and its Date.
type Row = Omit<ChatMessage, "role" | "createdAt"> & {
  role: "system" | "user" | "assistant";
  createdAt: Date;
};

export function toChatMessage(row: Row): ChatMessage {
  return {
    ...row,
    text: shownText(row.text),
    role: row.role === "user" ? "user" : "assistant",
    createdAt: row.createdAt.toISOString(),
  };
}
