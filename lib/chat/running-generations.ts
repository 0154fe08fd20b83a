import "server-only";
import { db } from "../db/client";
import { notFound } from "../errors/app-error";
import { requireUser, type Actor } from "../auth/actor";
import { parseInput } from "../errors/parse-input";
import { stopGenerationInput } from "./schemas";

// Answers being generated in this process, so that "Stop" can abort the upstream request. Another
// instance's answers are stopped through the database: the row is marked `stopped`, and the instance
// generating it notices at its next periodic save (lib/chat/generate.ts) and aborts.
const running = new Map<string, AbortController>();

export function trackGeneration(messageId: string, controller: AbortController): () => void {
  running.set(messageId, controller);
  return () => running.delete(messageId);
}

export function runningCount(): number {
  return running.size;
}

/** The user pressed Stop: abort the answer (kept with what it has so far, status `stopped`). */
export async function stopGeneration(actor: Actor, raw: unknown): Promise<{ stopped: boolean }> {
  const user = await requireUser(actor);
  const { messageId } = parseInput(stopGenerationInput, raw);
  const message = await db().message.findFirst({
    where: { id: messageId, role: "assistant", conversation: { userId: user.id, deletedAt: null } },
    select: { id: true, status: true },
  });
  if (!message) throw notFound("Message not found.");
  const local = running.get(messageId);
  if (local) {
    local.abort(new Error("stopped by the user"));
    return { stopped: true };
  }
  const { count } = await db().message.updateMany({
    where: { id: messageId, status: "streaming", conversation: { userId: user.id } },
    data: { status: "stopped" },
  });
  return { stopped: count > 0 };
}
