import "server-only";
import { db } from "../../db/client";
import type { ConversationDetail } from "../types";
import type { ArenaPending } from "./arena-types";

/** The conversation's newest arena vote still to be given, if any (read when the chat page opens). */
export async function pendingArena(userId: string, conversationId: string): Promise<ArenaPending | null> {
  return db().arenaBattle.findFirst({
    where: { conversationId, decidedAt: null, conversation: { userId } },
    orderBy: { createdAt: "desc" },
    select: { promptId: true, answerAId: true, answerBId: true },
  });
}

/**
 * The conversation as the chat shows it while a vote is pending: the vote, and its two answers
 * without their models (nor their cost, which could tell them apart), so the page cannot give them away.
 */
export function blindArena(detail: ConversationDetail, pending: ArenaPending | null): ConversationDetail {
  if (!pending) return detail;
  const hidden = new Set([pending.answerAId, pending.answerBId]);
  return {
    ...detail,
    arena: pending,
    messages: detail.messages.map((m) => (hidden.has(m.id) ? { ...m, modelId: null, costUsd: null } : m)),
  };
}
