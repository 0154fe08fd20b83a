import "server-only";
import { purgeConversations } from "./chat/conversations";
import { purgeExpiredRateLimits } from "./rate-limit/purge-expired-rate-limits";

/**
 * Deletes for good what has outlived its use: conversations deleted past their undo window, stale
 * temporary chats, and rate-limit windows that are over. Idempotent.
 */
export async function purgeExpiredData(
  now = Date.now(),
): Promise<{ conversations: number; rateLimits: number }> {
  const conversations = await purgeConversations(now);
  const rateLimits = await purgeExpiredRateLimits();
  return { conversations, rateLimits };
}
