import "server-only";
import { db } from "../db/client";
import { AppError } from "../errors/app-error";
import { parseInput } from "../errors/parse-input";
import type { Actor } from "../auth/actor";
import { requireUser } from "../auth/actor";
import { hit } from "../rate-limit/fixed-window";
import { recordEventsInput } from "./schemas";

/** Batches a browser may send per minute; it sends at most one every few seconds. */
const BATCHES_PER_MINUTE = 60;

/**
 * Stores a batch of interaction signals (copy, regenerate, stop, …). Events about a conversation or
 * message that is not the caller's are dropped, not reported: a signal is not worth an error, and the
 * answer must not reveal whether someone else's id exists. Returns how many were stored.
 */
export async function recordEvents(actor: Actor, raw: unknown): Promise<number> {
  const user = await requireUser(actor);
  const { events } = parseInput(recordEventsInput, raw);
  const state = await hit(`events:${user.id}`, 60_000);
  if (state.count > BATCHES_PER_MINUTE) {
    throw new AppError("RATE_LIMITED", "Too many events.", undefined, state.retryAfterSeconds);
  }
  const conversationIds = [...new Set(events.map((e) => e.conversationId.toLowerCase()))];
  const messageIds = [...new Set(events.flatMap((e) => (e.messageId ? [e.messageId.toLowerCase()] : [])))];
  const [conversations, messages] = await Promise.all([
    db().conversation.findMany({
      where: { id: { in: conversationIds }, userId: user.id },
      select: { id: true },
    }),
    messageIds.length === 0
      ? Promise.resolve([])
      : db().message.findMany({
          where: { id: { in: messageIds }, conversation: { userId: user.id } },
          select: { id: true, conversationId: true },
        }),
  ]);
  const owned = new Set(conversations.map((c) => c.id));
  const messageConversation = new Map(messages.map((m) => [m.id, m.conversationId]));
  const now = Date.now();
  const rows = events.flatMap((event) => {
    const conversationId = event.conversationId.toLowerCase();
    const messageId = event.messageId?.toLowerCase() ?? null;
    if (!owned.has(conversationId)) return [];
    if (messageId && messageConversation.get(messageId) !== conversationId) return [];
    // The browser's clock says when it happened, within reason (a batch waits a few seconds at most).
    const at = event.at ? Date.parse(event.at) : now;
    const createdAt = new Date(Math.abs(at - now) < 10 * 60_000 ? at : now);
    return [
      { type: event.type, userId: user.id, conversationId, messageId, payload: event.payload, createdAt },
    ];
  });
  if (rows.length > 0) await db().interactionEvent.createMany({ data: rows });
  return rows.length;
}
