import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { getOverview, refreshOverviewStats, type Overview } from "@/lib/admin/overview/get-overview";
import type { Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors/app-error";
import { createExchange, createUser } from "../helpers/factories";
import { resetDatabase } from "../helpers/reset";

const DAY_MS = 86_400_000;
const todayMidnight = () => Date.parse(`${new Date().toISOString().slice(0, 10)}T00:00:00Z`);
const dayKey = (daysAgo: number) => new Date(todayMidnight() - daysAgo * DAY_MS).toISOString().slice(0, 10);
/** A moment on the UTC day `daysAgo` days back: 06:00, or just after midnight today (never ahead of now). */
const dayAt = (daysAgo: number) =>
  new Date(todayMidnight() - daysAgo * DAY_MS + (daysAgo === 0 ? 1000 : 6 * 3600_000));

async function outcome(work: Promise<unknown>): Promise<string> {
  return work.then(
    () => "ok",
    (error: unknown) => (error instanceof AppError ? error.code : String(error)),
  );
}

type Answer = {
  model: string | null;
  daysAgo: number;
  rating?: "up" | "down";
  reasons?: string[];
  comment?: string;
  /** Minutes after the answer that the rating was given (same day). */
  after?: number;
};

/**
 * One conversation with a question and an answer written `daysAgo` days back by `model`, rated or not.
 * Rows are written straight into the tables (the chat and rating pipelines are tested elsewhere), dated
 * in the past as a real history would be.
 */
async function answer(ownerId: string, spec: Answer) {
  const at = dayAt(spec.daysAgo);
  const { conversation, answers } = await createExchange(ownerId);
  const message = answers[0]!;
  await db().conversation.update({ where: { id: conversation.id }, data: { createdAt: at } });
  await db().message.updateMany({ where: { conversationId: conversation.id }, data: { createdAt: at } });
  await db().message.update({ where: { id: message.id }, data: { modelId: spec.model } });
  if (!spec.rating) return null;
  return db().feedback.create({
    data: {
      messageId: message.id,
      userId: ownerId,
      conversationId: conversation.id,
      rating: spec.rating,
      reasons: spec.reasons ?? [],
      comment: spec.comment ?? "",
      modelId: spec.model,
      createdAt: new Date(at.getTime() + (spec.after ?? 1) * 60_000),
    },
  });
}

/**
 * The fixture: two models and an unknown one over the last 40 days.
 *   model-a: 2 days ago up, up, down (not_factual + incomplete, commented); today up, down (not_factual)
 *            and one unrated answer; 40 days ago down (unsafe, commented); an answer from 31 days ago
 *            rated up yesterday (a rating in the period for an answer from before it).
 *   model-b: yesterday down (too_verbose, commented), up; 10 days ago down (no reason, commented);
 *            3 days ago one unrated answer.
 *   unknown model: 5 days ago up.
 * Plus a deleted, empty conversation (not counted) and three accounts (admin, user, disabled admin).
 */
async function seed() {
  const admin = await createUser({ role: "ADMIN" });
  const user = await createUser();
  const disabledAdmin = await createUser({ role: "ADMIN", disabled: true });
  const owner = user.user.id;
  const ids: Record<string, string> = {};
  const keep = async (name: string, spec: Answer) => {
    const row = await answer(owner, spec);
    if (row) ids[name] = row.id;
  };
  await keep("a2up1", { model: "model-a", daysAgo: 2, rating: "up" });
  await keep("a2up2", { model: "model-a", daysAgo: 2, rating: "up", after: 2 });
  await keep("a2down", {
    model: "model-a",
    daysAgo: 2,
    rating: "down",
    reasons: ["not_factual", "incomplete"],
    comment: "Wrong <b>date</b>",
    after: 3,
  });
  await keep("a0up", { model: "model-a", daysAgo: 0, rating: "up" });
  await keep("a0down", { model: "model-a", daysAgo: 0, rating: "down", reasons: ["not_factual"] });
  await keep("a0unrated", { model: "model-a", daysAgo: 0 });
  await keep("a31late", { model: "model-a", daysAgo: 31, rating: "up", after: 30 * 24 * 60 });
  await keep("a40down", {
    model: "model-a",
    daysAgo: 40,
    rating: "down",
    reasons: ["unsafe"],
    comment: "old one",
  });
  await keep("b1down", {
    model: "model-b",
    daysAgo: 1,
    rating: "down",
    reasons: ["too_verbose"],
    comment: "Too long & rambling",
  });
  await keep("b1up", { model: "model-b", daysAgo: 1, rating: "up" });
  await keep("b10down", { model: "model-b", daysAgo: 10, rating: "down", comment: "meh" });
  await keep("b3unrated", { model: "model-b", daysAgo: 3 });
  await keep("u5up", { model: null, daysAgo: 5, rating: "up" });
  await db().conversation.create({ data: { userId: owner, title: "Deleted", deletedAt: new Date() } });
  return { admin: admin.actor, user: user.actor, disabledAdmin: disabledAdmin.actor, ids };
}

const model = (overview: Overview, key: string) => overview.models.find((m) => m.key === key);
const reasonsOf = (overview: Overview, key: string) => overview.reasons.find((r) => r.key === key);
const point = (overview: Overview, key: string, daysAgo: number) =>
  overview.series.models.find((m) => m.key === key)?.points.find((p) => p.day === dayKey(daysAgo));

describe("admin overview: access", () => {
  beforeEach(resetDatabase);

  it("answers only an active admin; everyone else gets NOT_FOUND", async () => {
    const { admin, user, disabledAdmin } = await seed();
    const actors: Record<string, Actor> = {
      anonymous: null,
      "unknown id": { userId: randomUUID() },
      user,
      "disabled admin": disabledAdmin,
      admin,
    };
    const results: Record<string, string[]> = {};
    for (const [kind, actor] of Object.entries(actors)) {
      results[kind] = [
        await outcome(getOverview(actor, { days: 7 })),
        await outcome(refreshOverviewStats(actor)),
      ];
    }
    expect(results).toEqual({
      anonymous: ["NOT_FOUND", "NOT_FOUND"],
      "unknown id": ["NOT_FOUND", "NOT_FOUND"],
      user: ["NOT_FOUND", "NOT_FOUND"],
      "disabled admin": ["NOT_FOUND", "NOT_FOUND"],
      admin: ["ok", "ok"],
    });
  });

  it("checks access before the input: a non-admin with a bad period still gets NOT_FOUND", async () => {
    const { user } = await seed();
    expect(await outcome(getOverview(user, { days: "abc" }))).toBe("NOT_FOUND");
  });
});

describe("admin overview: the period", () => {
  beforeEach(resetDatabase);

  it("takes 7, 30 or 90 (also as text) and defaults to 30", async () => {
    const { admin } = await seed();
    for (const [raw, days] of [
      [{ days: "7" }, 7],
      [{ days: 90 }, 90],
      [{ days: " 30 " }, 30],
      [{}, 30],
      [{ days: "" }, 30],
      [undefined, 30],
      [null, 30],
    ] as const) {
      const overview = await getOverview(admin, raw);
      expect(overview.days).toBe(days);
      expect(overview.series.days).toHaveLength(days);
      expect(overview.from).toBe(dayKey(days - 1));
      expect(overview.to).toBe(dayKey(0));
    }
  });

  it("refuses anything else with a clear message, never a database error", async () => {
    const { admin } = await seed();
    for (const days of [
      "abc",
      "10000",
      "0",
      "-7",
      "7.5",
      14,
      7.5,
      ["7", "30"],
      {},
      "1e3",
      "30; DROP TABLE x",
    ]) {
      const error = await getOverview(admin, { days }).catch((e: unknown) => e);
      expect(error, `days=${JSON.stringify(days)}`).toBeInstanceOf(AppError);
      expect(error).toMatchObject({ code: "VALIDATION", message: "The period is 7, 30 or 90 days." });
    }
  });
});

describe("admin overview: the numbers", () => {
  beforeEach(resetDatabase);

  it("counts totals all time and for the period", async () => {
    const { admin } = await seed();
    const overview = await getOverview(admin, { days: 30 });
    // 13 conversations (one question and one answer each) and one deleted conversation.
    expect(overview.totals).toEqual({
      users: 3,
      conversations: 13,
      messages: 26,
      answers: 13,
      ratedAnswers: 11,
      shareRated: 11 / 13,
    });
    // The last 30 days leave out the answers from 31 and 40 days ago, and the rating of the latter; the
    // former's rating, given yesterday, is one of the period's ratings but not one of its rated answers.
    expect(overview.period).toEqual({
      users: 3,
      conversations: 11,
      messages: 22,
      answers: 11,
      ratedAnswers: 9,
      shareRated: 9 / 11,
      ratings: 10,
      up: 6,
      down: 4,
      positiveRate: 6 / 10,
    });
  });

  it("gives the positive rate per model with the ratings behind it, most rated first", async () => {
    const { admin } = await seed();
    const last30 = await getOverview(admin, { days: 30 });
    expect(last30.models).toEqual([
      {
        key: "model-a",
        label: "model-a",
        answers: 6,
        rated: 5,
        up: 4,
        down: 2,
        ratings: 6,
        positiveRate: 4 / 6,
        shareRated: 5 / 6,
      },
      {
        key: "model-b",
        label: "model-b",
        answers: 4,
        rated: 3,
        up: 1,
        down: 2,
        ratings: 3,
        positiveRate: 1 / 3,
        shareRated: 3 / 4,
      },
      {
        key: "",
        label: "Unknown model",
        answers: 1,
        rated: 1,
        up: 1,
        down: 0,
        ratings: 1,
        positiveRate: 1,
        shareRated: 1,
      },
    ]);

    const last7 = await getOverview(admin, { days: 7 });
    expect(model(last7, "model-b")).toMatchObject({
      answers: 3,
      rated: 2,
      up: 1,
      down: 1,
      positiveRate: 0.5,
    });
    const last90 = await getOverview(admin, { days: 90 });
    expect(model(last90, "model-a")).toMatchObject({
      answers: 8,
      rated: 7,
      up: 4,
      down: 3,
      positiveRate: 4 / 7,
    });
  });

  it("gives one point per day and model, with gaps where a model has no ratings", async () => {
    const { admin } = await seed();
    const overview = await getOverview(admin, { days: 30 });
    expect(overview.series.days[0]).toBe(dayKey(29));
    expect(overview.series.days.at(-1)).toBe(dayKey(0));
    expect(overview.series.models.map((m) => m.key)).toEqual(["model-a", "model-b", ""]);
    for (const series of overview.series.models) expect(series.points).toHaveLength(30);

    expect(point(overview, "model-a", 2)).toEqual({
      day: dayKey(2),
      up: 2,
      down: 1,
      ratings: 3,
      positiveRate: 2 / 3,
    });
    expect(point(overview, "model-a", 0)).toEqual({
      day: dayKey(0),
      up: 1,
      down: 1,
      ratings: 2,
      positiveRate: 0.5,
    });
    expect(point(overview, "model-a", 1)).toEqual({
      day: dayKey(1),
      up: 1,
      down: 0,
      ratings: 1,
      positiveRate: 1,
    });
    expect(point(overview, "model-a", 3)).toEqual({
      day: dayKey(3),
      up: 0,
      down: 0,
      ratings: 0,
      positiveRate: null,
    });
    expect(point(overview, "model-b", 1)).toMatchObject({ up: 1, down: 1, positiveRate: 0.5 });
    expect(point(overview, "model-b", 10)).toMatchObject({ up: 0, down: 1, positiveRate: 0 });
    expect(point(overview, "", 5)).toMatchObject({ up: 1, down: 0, positiveRate: 1 });
    const total = overview.series.models.flatMap((m) => m.points).reduce((sum, p) => sum + p.ratings, 0);
    expect(total).toBe(overview.period.ratings);
  });

  it("lists the most frequent reasons for bad ratings per model", async () => {
    const { admin } = await seed();
    const last30 = await getOverview(admin, { days: 30 });
    expect(last30.reasons.map((r) => r.key)).toEqual(["model-a", "model-b"]);
    expect(reasonsOf(last30, "model-a")).toEqual({
      key: "model-a",
      label: "model-a",
      bad: 2,
      badWithReason: 2,
      top: [
        { reason: "not_factual", label: "Not factually correct", count: 2, share: 1 },
        { reason: "incomplete", label: "Incomplete", count: 1, share: 0.5 },
      ],
    });
    expect(reasonsOf(last30, "model-b")).toEqual({
      key: "model-b",
      label: "model-b",
      bad: 2,
      badWithReason: 1,
      top: [{ reason: "too_verbose", label: "Too verbose", count: 1, share: 1 }],
    });
    const last90 = await getOverview(admin, { days: 90 });
    expect(reasonsOf(last90, "model-a")?.top.map((r) => [r.reason, r.count])).toEqual([
      ["not_factual", 2],
      ["incomplete", 1],
      ["unsafe", 1],
    ]);
  });

  it("shows the newest bad ratings that have a comment, newest first, comment as typed", async () => {
    const { admin, ids } = await seed();
    const last30 = await getOverview(admin, { days: 30 });
    expect(last30.newestBad.map((b) => b.id)).toEqual([ids.b1down, ids.a2down, ids.b10down]);
    expect(last30.newestBad[0]).toEqual({
      id: ids.b1down,
      createdAt: new Date(dayAt(1).getTime() + 60_000),
      modelId: "model-b",
      reasons: [{ key: "too_verbose", label: "Too verbose" }],
      comment: "Too long & rambling",
    });
    expect(last30.newestBad[1]?.comment).toBe("Wrong <b>date</b>");
    expect((await getOverview(admin, { days: 7 })).newestBad.map((b) => b.id)).toEqual([
      ids.b1down,
      ids.a2down,
    ]);
    expect((await getOverview(admin, { days: 90 })).newestBad.map((b) => b.id)).toEqual([
      ids.b1down,
      ids.a2down,
      ids.b10down,
      ids.a40down,
    ]);
  });

  it("shows zeros, not errors, on an empty database", async () => {
    const admin = await createUser({ role: "ADMIN" });
    const overview = await getOverview(admin.actor, {});
    expect(overview.totals).toEqual({
      users: 1,
      conversations: 0,
      messages: 0,
      answers: 0,
      ratedAnswers: 0,
      shareRated: null,
    });
    expect(overview.models).toEqual([]);
    expect(overview.series.models).toEqual([]);
    expect(overview.series.days).toHaveLength(30);
    expect(overview.reasons).toEqual([]);
    expect(overview.newestBad).toEqual([]);
  });
});

describe("admin overview: the daily rollup", () => {
  beforeEach(resetDatabase);

  const storedDays = async () =>
    (
      await db().$queryRaw<{ day: string }[]>`
        SELECT to_char("day", 'YYYY-MM-DD') AS "day" FROM "DailyStats" ORDER BY "day"`
    ).map((row) => row.day);

  it("stores every closed day from the first message on, never today", async () => {
    const { admin } = await seed();
    await getOverview(admin, { days: 7 });
    const days = await storedDays();
    expect(days[0]).toBe(dayKey(40));
    expect(days.at(-1)).toBe(dayKey(1));
    expect(days).toHaveLength(40);
  });

  it("counts today live: a rating given now shows at once", async () => {
    const { admin, user } = await seed();
    await getOverview(admin, { days: 7 });
    await answer(user.userId, { model: "model-b", daysAgo: 0, rating: "up" });
    const overview = await getOverview(admin, { days: 7 });
    expect(point(overview, "model-b", 0)).toMatchObject({ up: 1, down: 0 });
    expect(overview.totals.ratedAnswers).toBe(12);
  });

  it("recomputes a recently closed day every few minutes, and any day after a week", async () => {
    const { admin, ids } = await seed();
    await getOverview(admin, { days: 30 });
    // Ratings removed after their day was counted: b1down (yesterday), a2down (two days ago).
    await db().feedback.deleteMany({ where: { id: { in: [ids.b1down!, ids.a2down!] } } });
    expect(await refreshOverviewStats(admin)).toBe(0); // everything was counted just now
    let overview = await getOverview(admin, { days: 30 });
    expect(model(overview, "model-b")?.down).toBe(2);
    expect(model(overview, "model-a")?.down).toBe(2);

    // Yesterday is still settling: recounted once its row is more than 5 minutes old.
    await db().$executeRaw`UPDATE "DailyStats" SET "computedAt" = "computedAt" - interval '6 minutes'`;
    expect(await refreshOverviewStats(admin)).toBe(1);
    overview = await getOverview(admin, { days: 30 });
    expect(model(overview, "model-b")?.down).toBe(1);
    expect(model(overview, "model-a")?.down).toBe(2);

    // Two days ago had settled: recounted when its row is a week old.
    await db().$executeRaw`UPDATE "DailyStats" SET "computedAt" = "computedAt" - interval '8 days'
                           WHERE "day" = ${dayKey(2)}::date`;
    expect(await refreshOverviewStats(admin)).toBe(1);
    overview = await getOverview(admin, { days: 30 });
    expect(model(overview, "model-a")?.down).toBe(1);
    expect(reasonsOf(overview, "model-a")?.top).toEqual([
      { reason: "not_factual", label: "Not factually correct", count: 1, share: 1 },
    ]);
  });

  it("gives the same numbers from the rollup as from a fresh count", async () => {
    const { admin } = await seed();
    const first = await getOverview(admin, { days: 90 });
    const second = await getOverview(admin, { days: 90 }); // now read from the stored days
    expect(second).toEqual(first);
    await db().$executeRaw`DELETE FROM "DailyStats"`;
    expect(await getOverview(admin, { days: 90 })).toEqual(first);
  });
});
