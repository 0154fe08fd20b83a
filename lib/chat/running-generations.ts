import "server-only";

// Answers being generated in this process, so that "Stop" can abort the upstream request. Another
// instance's answers are stopped through the database: the row is marked `stopped`, and the instance
// generating it notices at its next periodic save (lib/chat/stream-turn.ts) and aborts.
const running = new Map<string, AbortController>();

export function trackGeneration(messageId: string, controller: AbortController): () => void {
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
