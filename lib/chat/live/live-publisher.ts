import "server-only";
import type { LiveListener } from "./live-local";
import { startLocalLive } from "./live-local";
import { startRedisLive } from "./live-redis";

/**
 * Publishes a chat answer while it is generated, for whoever opens it again before it ends: in this
 * process always, and through Redis when REDIS_URL is set (lib/chat/live/resume-answer.ts reads both).
 */
export function publishLiveAnswer(answerId: string): LiveListener {
  const local = startLocalLive(answerId);
  const shared = startRedisLive(answerId);
  if (!shared) return local;
  return {
    delta: (text) => {
      local.delta(text);
      shared.delta(text);
    },
    end: (final) => {
      shared.end(final);
      local.end(final);
    },
  };
}
