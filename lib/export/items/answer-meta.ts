// How an answer was produced, for the `raw` format: the model and parameters frozen with its rating
// when there is one (what the user rated), otherwise the message's own.
import type { AnswerMeta } from "../types";
import { iso } from "./iso-time";
import type { SnapshotFeedback, SnapshotMessage } from "./snapshot";

export function answerMeta(message: SnapshotMessage, frozen?: SnapshotFeedback): AnswerMeta {
  return {
    modelId: frozen?.modelId ?? message.modelId,
    provider: frozen?.provider ?? message.provider,
    params: frozen?.params ?? message.params ?? null,
    inputTokens: message.inputTokens,
    outputTokens: message.outputTokens,
    timeToFirstTokenMs: message.timeToFirstTokenMs,
    durationMs: message.durationMs,
    finishReason: message.finishReason,
    status: message.status,
    createdAt: iso(message.createdAt),
  };
}
