import "server-only";
import { randomUUID } from "node:crypto";
import { db, pool } from "../../db/client";
import { queryRow } from "../../db/query-row";
import { env } from "../../env";
import { fitToContextWindow } from "../../ai/context-window";
import { modelsForRole, resolveModel, type ResolvedModel } from "../../models/registry";
import { featureSettings } from "../../settings/app-settings";
import type { PreparedTurn } from "../prepare-turn";
import { chatRequestInput } from "../schemas";
import { BRANCH } from "../turn-sql";
import { arenaFires, drawArenaModels, type Random } from "./arena-draw";
import { START_ARENA, type StartArenaRow } from "./arena-sql";

/** A chat turn answered blind by two models: A is the prepared turn's own answer row, B its sibling. */
export type ArenaTurn = { promptId: string; a: PreparedTurn; b: PreparedTurn };

type Turn = { role: "user" | "assistant"; text: string };

/**
 * Decides whether a prepared chat turn goes to the blind arena, and if so makes it one (docs/arena.md):
 * only a new question in the chat (not a regenerate, an edit, an API call or a temporary chat), for
 * the admin's share of turns, when the user may use two eligible models. Returns null to go on with
 * the one answer prepared. Anything that fails here leaves the turn as it was: the question is saved
 * already and its answer must still come.
 */
export async function arenaTurnFor(
  turn: PreparedTurn,
  request: unknown,
  random: Random = Math.random,
): Promise<ArenaTurn | null> {
  if (turn.source !== "chat" || !turn.persist || !turn.newUserMessageId) return null;
  const input = chatRequestInput.safeParse(request);
  if (!input.success || input.data.trigger !== "submit" || input.data.edit) return null;
  if (turn.isNewConversation && input.data.temporary) return null;
  try {
    const { arenaSharePercent } = await featureSettings();
    if (!arenaFires(arenaSharePercent, random)) return null;
    return await startArena(turn, random);
  } catch (error) {
    console.error("Could not start an arena turn:", error instanceof Error ? error.message : error);
    return null;
  }
}

async function startArena(turn: PreparedTurn, random: Random): Promise<ArenaTurn | null> {
  const account = await db().user.findUnique({ where: { id: turn.userId }, select: { role: true } });
  if (!account) return null;
  const drawn = drawArenaModels((await modelsForRole(account.role)).models, random);
  if (!drawn) return null;
  const [modelA, modelB] = await Promise.all(drawn.map((model) => resolveModel(model.id, account.role)));
  const promptId = turn.userMessageId;
  // The whole branch, read again: the prepared context was trimmed to another model's window.
  const { rows } = await pool().query<Turn>({ ...BRANCH, values: [turn.conversationId, promptId] });
  const branch = rows.filter((m) => m.text.trim().length > 0);
  const seedB = Math.floor(random() * 2 ** 31);
  const bId = randomUUID();
  const started = await queryRow<StartArenaRow>(START_ARENA, [
    turn.conversationId,
    turn.userId,
    `chat:${turn.userId}`,
    env().CHAT_RATE_LIMIT_PER_MINUTE,
    promptId,
    turn.assistantId,
    modelA!.info.id,
    modelA!.info.provider,
    JSON.stringify({ seed: turn.seed, ...modelA!.params }),
    bId,
    modelB!.info.id,
    modelB!.info.provider,
    JSON.stringify({ seed: seedB, ...modelB!.params }),
  ]);
  if (!started.aCreatedAt || !started.bCreatedAt) return null;
  const side = async (
    resolved: ResolvedModel,
    id: string,
    createdAt: Date,
    seed: number,
  ): Promise<PreparedTurn> => {
    const trimmed = await fitToContextWindow({
      system: turn.system,
      messages: branch,
      contextWindow: resolved.info.contextWindow,
      modelId: resolved.info.id,
    });
    return {
      ...turn,
      ...resolved,
      assistantId: id,
      assistantCreatedAt: createdAt,
      history: trimmed.messages,
      droppedCount: trimmed.droppedCount,
      seed,
    };
  };
  return {
    promptId,
    a: await side(modelA!, turn.assistantId, started.aCreatedAt, turn.seed),
    b: await side(modelB!, bId, started.bCreatedAt, seedB),
  };
}
