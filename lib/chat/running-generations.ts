import "server-only";
import { listenForStops } from "../redis/stop-channel";

// Answers being generated in this process, so that "Stop" can abort the upstream request. Another
// instance's answers are stopped through the database: the row is marked `stopped`, and the instance
// generating it notices at its next periodic save (lib/chat/stream-turn.ts) and aborts. With REDIS_URL
// a published Stop (lib/redis/stop-channel.ts) makes it abort at once; the save stays as the fallback.
const running = new Map<string, AbortController>();

export function trackGeneration(messageId: string, controller: AbortController): () => void {
  listenForStops(abortLocalGeneration);
  running.set(messageId, controller);
  return () => running.delete(messageId);
}

export function runningCount(): number {
  return running.size;
}

/** Aborts the answer if this process is generating it; false when it is not (another instance's). */
export function abortLocalGeneration(messageId: string): boolean {
  const local = running.get(messageId);
  if (!local) return false;
  local.abort(new Error("stopped by the user"));
  return true;
}
