// What the playground's run stream (POST /api/playground/run) sends: one JSON object per line. On its
// own module (no "server-only") so that the page reads the same types the server writes.
import type { MessageStatus } from "../chat/types";

export type RunAnswer = { id: string; modelId: string };

/** How an answer ended, as stored: the column's figures come from here. */
export type AnswerEnd = {
  status: MessageStatus;
  error: string | null;
  inputTokens: number | null;
  outputTokens: number | null;
  tokensEstimated: boolean;
  costUsd: number | null;
  timeToFirstTokenMs: number | null;
  durationMs: number;
};

export type RunEvent =
  /** First: the stored conversation, the question, and each model's answer, in column order. */
  | { type: "run"; conversationId: string; promptId: string; answers: RunAnswer[] }
  | { type: "text"; id: string; delta: string }
  | ({ type: "end"; id: string } & AnswerEnd);

export const RUN_STREAM_CONTENT_TYPE = "application/x-ndjson; charset=utf-8";
