import "server-only";
import { purgeConversations } from "./conversations";

const EVERY_MS = 5 * 60_000;

/**
 * Deletes for good, every few minutes, what users deleted (past the undo window) and stale temporary
 * chats. Every instance may run it: the delete is idempotent.
 */
export function schedulePurge(): void {
  const run = () =>
    purgeConversations().catch((error: unknown) => {
      console.error("Purging deleted conversations failed:", error instanceof Error ? error.message : error);
    });
  setTimeout(() => void run(), 10_000).unref();
  setInterval(() => void run(), EVERY_MS).unref();
}
