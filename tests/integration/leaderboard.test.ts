// The leaderboard on the real database: comparisons made by the feedback functions (and, for volume,
// inserted rows), counted by the grouped SQL, fitted, filtered; and who may see it.
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/actor";
import { compareAnswers } from "@/lib/feedback/comparisons";
import { rateMessage } from "@/lib/feedback/rate";
import { submitFeedback } from "@/lib/feedback/submit";
import { getLeaderboard, leaderboardViewer } from "@/lib/leaderboard/leaderboard";
import { computeStandings, type Outcome, type OutcomeCount } from "@/lib/leaderboard/standings";
import { invalidateRegistry } from "@/lib/models/registry";
import { updateFeatureSettings } from "@/lib/settings/app-settings";
import { createExchange, createUser } from "../helpers/factories";
import { addProvider } from "../helpers/registry-rows";
import { resetDatabase } from "../helpers/reset";

type Exchange = Awaited<ReturnType<typeof createExchange>>;
type Source = "explicit" | "ratings" | "arena";

const DAY = 86_400_000;

/** A conversation titled `title` with one question and an answer by each of `models`, in order. */
async function exchange(userId: string, models: string[], title = "Exchange"): Promise<Exchange> {
  const ex = await createExchange(userId, { answers: models.length });
  await db().conversation.update({ where: { id: ex.conversation.id }, data: { title } });
  const answers = [];
  for (const [i, answer] of ex.answers.entries()) {
    answers.push(await db().message.update({ where: { id: answer.id }, data: { modelId: models[i] } }));
  }
  return { ...ex, answers };
}

type Planned = { x: number; y: number; outcome: Outcome | "bothBad"; source?: Source; daysAgo?: number };

/**
 * Inserts comparisons between answers of `ex` (by index), as upsertPair stores them: modelA and modelB
 * frozen from the answers. Returns what each one should count as.
 */
async function insert(userId: string, ex: Exchange, planned: Planned[]): Promise<OutcomeCount[]> {
  const now = Date.now();
  await db().comparison.createMany({
    data: planned.map(({ x, y, outcome, source, daysAgo }) => {
      const [a, b] = [ex.answers[x]!, ex.answers[y]!];
      return {
        userId,
        conversationId: ex.conversation.id,
        promptId: ex.question.id,
        answerAId: a.id,
        answerBId: b.id,
        preferredId: outcome === "a" ? a.id : outcome === "b" ? b.id : null,
        bothBad: outcome === "bothBad",
        modelA: a.modelId,
        modelB: b.modelId,
        source: source ?? "explicit",
        createdAt: new Date(now - (daysAgo ?? 0) * DAY),
      };
    }),
  });
  return planned.map(({ x, y, outcome }) => ({
    modelA: ex.answers[x]!.modelId!,
    modelB: ex.answers[y]!.modelId!,
    outcome: outcome === "bothBad" ? "tie" : outcome,
    count: 1,
  }));
}

const MODELS = ["m-strong", "m-mid", "m-weak"];

/**
 * 3 models × 12 answers each in one conversation; comparisons between answers i and j of different
 * models (every pair of answers once), outcomes from a fixed pattern with ties and both-bad.
 */
async function volume(userId: string, options: { source?: Source; daysAgo?: number; title?: string } = {}) {
  const models = Array.from({ length: 36 }, (_, i) => MODELS[i % 3]!);
  const ex = await exchange(userId, models, options.title);
  const planned: Planned[] = [];
  let k = 0;
  for (let x = 0; x < 36; x++) {
    for (let y = x + 1; y < 36 && planned.length < 150; y++) {
      if (x % 3 === y % 3) continue;
      k++;
      // The lower model index (stronger) wins 2 of 3, with a tie or both-bad now and then.
      const stronger = x % 3 < y % 3 ? "a" : "b";
      const weaker = stronger === "a" ? "b" : "a";
      const outcome: Planned["outcome"] =
        k % 7 === 0 ? "tie" : k % 11 === 0 ? "bothBad" : k % 3 === 0 ? weaker : stronger;
      planned.push({ x, y, outcome, source: options.source, daysAgo: options.daysAgo });
    }
  }
  return { ex, expected: await insert(userId, ex, planned) };
}

const standingOf = (board: { standings: { model: string }[] }, model: string) =>
  board.standings.find((s) => s.model === model);

describe("leaderboard: comparisons from the feedback functions", () => {
  beforeEach(resetDatabase);

  it("counts an explicit choice, a 'same', and a preference implied by thumbs", async () => {
    const admin = await createUser({ role: "ADMIN" });
    const { user, actor } = await createUser();
    const ex = await exchange(user.id, ["m-one", "m-two", "m-three"]);
    const [a0, a1, a2] = ex.answers;
    await compareAnswers(actor, { answerId: a1!.id, otherId: a0!.id, verdict: "better" });
    await compareAnswers(actor, { answerId: a2!.id, otherId: a0!.id, verdict: "same" });
    // Up on m-two's answer and down on m-three's: "m-two over m-three", implied (source ratings).
    await rateMessage(actor, { messageId: a1!.id, rating: "up" });
    await rateMessage(actor, { messageId: a2!.id, rating: "down" });

    const board = await getLeaderboard(admin.actor, {});
    expect(board.comparisons).toBe(3);
    expect(standingOf(board, "m-two")).toMatchObject({ votes: 2, wins: 2, losses: 0, ties: 0, winRate: 1 });
    expect(standingOf(board, "m-one")).toMatchObject({
      votes: 2,
      wins: 0,
      losses: 1,
      ties: 1,
      winRate: 0.25,
    });
    expect(standingOf(board, "m-three")).toMatchObject({ votes: 2, wins: 0, losses: 1, ties: 1 });
    // Three votes each is far below the minimum: nobody is ranked.
    expect(board.standings.every((s) => s.rank === null && s.unranked === "too-few-votes")).toBe(true);

    const implied = await getLeaderboard(admin.actor, { source: "implied" });
    expect(implied.comparisons).toBe(1);
    expect(standingOf(implied, "m-two")).toMatchObject({ votes: 1, wins: 1 });
    const explicit = await getLeaderboard(admin.actor, { source: "explicit" });
    expect(explicit.comparisons).toBe(2);
  });
});

describe("leaderboard: model names", () => {
  beforeEach(resetDatabase);

  it("names every model the registry knows, a disabled one (a candidate under evaluation) included", async () => {
    const admin = await createUser({ role: "ADMIN" });
    const { user, actor } = await createUser();
    await addProvider({
      baseUrl: "http://127.0.0.1:9/v1",
      models: [
        { modelId: "m-named", displayName: "Named model" },
        { modelId: "m-candidate", displayName: "Candidate (disabled)", enabled: false },
      ],
    });
    invalidateRegistry();
    const ex = await exchange(user.id, ["m-named", "m-candidate", "m-gone"]);
    await compareAnswers(actor, {
      answerId: ex.answers[1]!.id,
      otherId: ex.answers[0]!.id,
      verdict: "better",
    });
    await compareAnswers(actor, {
      answerId: ex.answers[2]!.id,
      otherId: ex.answers[0]!.id,
      verdict: "better",
    });

    const { names } = await getLeaderboard(admin.actor, {});
    // A model the registry no longer knows has no name: the page shows its id.
    expect(names).toEqual({ "m-named": "Named model", "m-candidate": "Candidate (disabled)" });
  });
});

describe("leaderboard: counting and filters", () => {
  beforeEach(resetDatabase);

  it("fits what the SQL counted: ratings equal the fit of the inserted outcomes", async () => {
    const admin = await createUser({ role: "ADMIN" });
    const { user } = await createUser();
    const { expected } = await volume(user.id);
    const board = await getLeaderboard(admin.actor, {});
    expect(board.comparisons).toBe(150);
    const reference = computeStandings(expected);
    expect(board.standings).toEqual(reference.standings);
    expect(board.matrix).toEqual(reference.matrix);
    expect(board.standings.map((s) => [s.model, s.rank])).toEqual([
      ["m-strong", 1],
      ["m-mid", 2],
      ["m-weak", 3],
    ]);
    // Both-bad is a tie: the ties counted include them.
    const bothBad = await db().comparison.count({ where: { bothBad: true } });
    const ties = await db().comparison.count({ where: { preferredId: null } });
    expect(bothBad).toBeGreaterThan(0);
    expect(board.standings.reduce((sum, s) => sum + s.ties, 0)).toBe(2 * ties);
  });

  it("skips pairs whose models are unknown or the same", async () => {
    const admin = await createUser({ role: "ADMIN" });
    const { user } = await createUser();
    const ex = await exchange(user.id, ["m-x", "m-x", "m-y"]);
    await insert(user.id, ex, [
      { x: 0, y: 1, outcome: "a" },
      { x: 0, y: 2, outcome: "a" },
    ]);
    await db().comparison.updateMany({ where: { answerBId: ex.answers[2]!.id }, data: { modelB: null } });
    expect((await getLeaderboard(admin.actor, {})).standings).toEqual([]);
  });

  it("filters by period, source, reason and topic", async () => {
    const admin = await createUser({ role: "ADMIN" });
    const { user, actor } = await createUser();
    await volume(user.id, { source: "arena", daysAgo: 1 });
    await volume(user.id, { source: "ratings", daysAgo: 45, title: "Trip to Lisbon" });
    await volume(user.id, { source: "explicit", daysAgo: 200 });

    const count = async (filters: Record<string, string>) =>
      (await getLeaderboard(admin.actor, filters)).comparisons;
    expect(await count({})).toBe(450);
    expect(await count({ period: "all" })).toBe(450);
    expect(await count({ period: "7d" })).toBe(150);
    expect(await count({ period: "30d" })).toBe(150);
    expect(await count({ period: "90d" })).toBe(300);
    expect(await count({ source: "arena" })).toBe(150);
    expect(await count({ source: "implied" })).toBe(150);
    expect(await count({ source: "explicit", period: "90d" })).toBe(0);
    expect(await count({ topic: "lisbon" })).toBe(150);
    expect(await count({ topic: "LISBON", source: "arena" })).toBe(0);
    // LIKE's wildcards are matched as typed.
    expect(await count({ topic: "%" })).toBe(0);

    // A reason on one answer: the comparisons of that answer only, whichever side it is on.
    const recent = await db().conversation.findFirstOrThrow({
      where: { title: "Exchange" },
      orderBy: { createdAt: "asc" },
    });
    const answer = await db().message.findFirstOrThrow({
      where: { conversationId: recent.id, role: "assistant" },
      orderBy: { createdAt: "asc" },
    });
    await rateMessage(actor, { messageId: answer.id, rating: "down" });
    await submitFeedback(actor, {
      messageId: answer.id,
      rating: "down",
      reasons: ["incomplete"],
      comment: "",
    });
    const involving = await db().comparison.count({
      where: { OR: [{ answerAId: answer.id }, { answerBId: answer.id }] },
    });
    expect(involving).toBeGreaterThan(0);
    expect(await count({ reason: "incomplete" })).toBe(involving);
    expect(await count({ reason: "too_verbose" })).toBe(0);
  });

  it("refuses filters it does not know with a validation error", async () => {
    const admin = await createUser({ role: "ADMIN" });
    for (const filters of [
      { period: "1y" },
      { source: "thumbs" },
      { reason: "rude" },
      { topic: "x".repeat(101) },
    ]) {
      await expect(getLeaderboard(admin.actor, filters)).rejects.toMatchObject({ code: "VALIDATION" });
    }
  });
});

describe("leaderboard: access", () => {
  beforeEach(resetDatabase);

  it("shows admins always, signed-in users only when public, anonymous callers never", async () => {
    const admin = await createUser({ role: "ADMIN" });
    const user = await createUser();
    const disabled = await createUser({ disabled: true });
    await volume(user.user.id, { title: "Secret plans" });
    const outcome = (actor: Actor) =>
      getLeaderboard(actor, { topic: "secret" }).then(
        (board) => `${board.viewer}:${board.comparisons}`,
        (error: { code?: string }) => error.code,
      );

    await updateFeatureSettings(admin.actor, { leaderboardPublic: false });
    expect(await outcome(admin.actor)).toBe("admin:150");
    expect(await outcome(user.actor)).toBe("NOT_FOUND");
    expect(await outcome(null)).toBe("NOT_FOUND");
    expect(await outcome(disabled.actor)).toBe("NOT_FOUND");

    await updateFeatureSettings(admin.actor, { leaderboardPublic: true });
    expect(await leaderboardViewer(user.actor)).toBe("user");
    // A user sees the same board, but the topic filter (text of others' titles) is not theirs to use.
    expect(await outcome(user.actor)).toBe("user:150");
    expect((await getLeaderboard(user.actor, { topic: "no such title" })).filters.topic).toBeUndefined();
    expect(await outcome(null)).toBe("NOT_FOUND");
    expect(await outcome(disabled.actor)).toBe("NOT_FOUND");
    expect(await outcome(admin.actor)).toBe("admin:150");
    await updateFeatureSettings(admin.actor, { leaderboardPublic: false });
    expect(await outcome(user.actor)).toBe("NOT_FOUND");
  });
});
