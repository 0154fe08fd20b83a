import type { ChatMessage, MessageStatus } from "./types";

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
  outputTokens: true,
  timeToFirstTokenMs: true,
  durationMs: true,
} as const;

type Row = {
  id: string;
  parentId: string | null;
  role: "system" | "user" | "assistant";
  text: string;
  createdAt: Date;
  status: MessageStatus;
  error: string | null;
  modelId: string | null;
  inputTokens: number | null;
  outputTokens: number | null;
  timeToFirstTokenMs: number | null;
  durationMs: number | null;
};

export function toChatMessage(row: Row): ChatMessage {
  return { ...row, role: row.role === "user" ? "user" : "assistant", createdAt: row.createdAt.toISOString() };
}
