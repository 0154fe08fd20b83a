import "server-only";
import { pool } from "../db/client";
import { env } from "../env";
import { generateTitle } from "../ai/title";
import type { PreparedTurn } from "./prepare-turn";
import { SET_GENERATED_TITLE } from "./conversation-sql";

/** A model-written title for a new conversation (real models only, when enabled); null when none. */
export async function titleAfterFirstAnswer(turn: PreparedTurn, answer: string): Promise<string | null> {
  if (turn.info.provider === "offline" || !env().TITLE_GENERATION) return null;
  const first = turn.history.find((m) => m.role === "user")?.text ?? "";
  const title = await generateTitle(turn.model, first, answer).catch(() => null);
  if (!title) return null;
  const saved = await pool()
    .query({ ...SET_GENERATED_TITLE, values: [turn.conversationId, turn.userId, title] })
    .then(
      () => true,
      () => false,
    );
  return saved ? title : null;
}
