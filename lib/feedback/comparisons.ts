import "server-only";
import { db } from "../db/client";
import { AppError, notFound } from "../errors/app-error";
import { parseInput } from "../errors/parse-input";
import type { Actor } from "../auth/actor";
import { requireUser } from "../auth/actor";
import { hit } from "../rate-limit/fixed-window";
import { env } from "../env";
import { compareAnswersInput } from "./schemas";
import { LOCK_USER_COMPARISONS } from "./feedback-sql";
import { impliedPairs, pairFromVerdict, type Pair } from "./preferences";

type Db = ReturnType<typeof db>;
type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/** Counts a feedback write against the caller's per-minute budget (shared with ratings). */
export async function countFeedbackWrite(userId: string): Promise<void> {
  const state = await hit(`feedback:${userId}`, 60_000);
  if (state.count > env().FEEDBACK_RATE_LIMIT_PER_MINUTE) {
    const seconds = Math.max(1, state.retryAfterSeconds);
    throw new AppError("RATE_LIMITED", `Too many ratings. Try again in ${seconds} s.`, undefined, seconds);
  }
}

/**
 * One user's writes to their preferences run one at a time: each re-reads the ratings after taking the
 * lock, so whichever runs last sees the final ratings and leaves pairs that match them.
 */
async function lockUser(tx: Tx, userId: string): Promise<void> {
  await tx.$executeRawUnsafe(LOCK_USER_COMPARISONS.text, `comparisons:${userId}`);
}

/** The model of each answer, frozen into the pair for the leaderboard (lib/leaderboard). */
export type PairModels = Map<string, string | null>;

export async function upsertPair(
  tx: Tx,
  pair: Pair,
  where: { userId: string; conversationId: string; promptId: string },
  source: "explicit" | "ratings" | "arena",
  models: PairModels,
  bothBad = false,
): Promise<void> {
  const frozen = {
    modelA: models.get(pair.answerAId) ?? null,
    modelB: models.get(pair.answerBId) ?? null,
  };
  await tx.comparison.upsert({
    where: {
      userId_answerAId_answerBId: {
        userId: where.userId,
        answerAId: pair.answerAId,
        answerBId: pair.answerBId,
      },
    },
    create: { ...where, ...pair, ...frozen, source, bothBad },
    update: { preferredId: pair.preferredId, ...frozen, source, bothBad },
  });
}

/**
 * Brings the preferences implied by ratings (one sibling up, another down) in line with the caller's
 * current ratings of `messageId` and its siblings. A pair the user chose explicitly ("better or
 * worse?", an arena vote) is the stronger signal and is never overwritten by ratings.
 */
export async function syncImpliedPairs(input: {
  userId: string;
  conversationId: string;
  promptId: string;
  messageId: string;
}): Promise<void> {
  const { userId, conversationId, promptId, messageId } = input;
  await db().$transaction(async (tx) => {
    await lockUser(tx, userId);
    const ratings = await tx.feedback.findMany({
      where: { userId, message: { parentId: promptId, role: "assistant" } },
      select: { messageId: true, rating: true, message: { select: { modelId: true } } },
    });
    const models: PairModels = new Map(ratings.map((r) => [r.messageId, r.message.modelId]));
    const wanted = impliedPairs(ratings).filter(
      (pair) => pair.answerAId === messageId || pair.answerBId === messageId,
    );
    const existing = await tx.comparison.findMany({
      where: { userId, promptId, OR: [{ answerAId: messageId }, { answerBId: messageId }] },
      select: { id: true, answerAId: true, answerBId: true, source: true },
    });
    const key = (pair: { answerAId: string; answerBId: string }) => `${pair.answerAId}:${pair.answerBId}`;
    const wantedKeys = new Set(wanted.map(key));
    const stale = existing.filter((row) => row.source === "ratings" && !wantedKeys.has(key(row)));
    if (stale.length > 0) {
      await tx.comparison.deleteMany({ where: { id: { in: stale.map((row) => row.id) } } });
    }
    // An arena vote is a choice the user made too: ratings never overwrite it.
    const explicit = new Set(existing.filter((row) => row.source !== "ratings").map(key));
    for (const pair of wanted) {
      if (!explicit.has(key(pair)))
        await upsertPair(tx, pair, { userId, conversationId, promptId }, "ratings", models);
    }
  });
}

export type ComparisonResult = { answerAId: string; answerBId: string; preferredId: string | null };

/**
 * Records the answer to "Is this response better or worse?": `answerId` (usually the regenerated
 * answer) against `otherId`, a sibling answer to the same question in the caller's conversation.
 */
export async function compareAnswers(actor: Actor, raw: unknown): Promise<ComparisonResult> {
  const user = await requireUser(actor);
  const { answerId, otherId, verdict } = parseInput(compareAnswersInput, raw);
  const answers = await db().message.findMany({
    where: {
      id: { in: [answerId, otherId] },
      role: "assistant",
      conversation: { userId: user.id, deletedAt: null },
    },
    select: { id: true, parentId: true, conversationId: true, status: true, modelId: true },
  });
  const answer = answers.find((m) => m.id === answerId.toLowerCase());
  const other = answers.find((m) => m.id === otherId.toLowerCase());
  if (!answer || !other || !answer.parentId || answer.parentId !== other.parentId) {
    throw notFound("Answers not found.");
  }
  if (answer.status === "streaming" || other.status === "streaming") {
    throw new AppError("CONFLICT", "Wait for the answer to finish before comparing it.");
  }
  await countFeedbackWrite(user.id);
  const pair = pairFromVerdict(answer.id, other.id, verdict);
  await db().$transaction(async (tx) => {
    await lockUser(tx, user.id);
    await upsertPair(
      tx,
      pair,
      { userId: user.id, conversationId: answer.conversationId, promptId: answer.parentId! },
      "explicit",
      new Map(answers.map((m) => [m.id, m.modelId])),
    );
  });
  return pair;
}
