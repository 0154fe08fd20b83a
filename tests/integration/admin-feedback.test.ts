import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import type { Actor } from "@/lib/auth/actor";
import { feedbackNeighbours, listFeedback, listFeedbackModels } from "@/lib/admin/feedback-list";
import { getFeedbackDetail } from "@/lib/admin/feedback-detail";
import { reviewFeedback, saveCorrection } from "@/lib/admin/triage";
import { createExchange, createUser } from "../helpers/factories";
import { resetDatabase } from "../helpers/reset";

const MODELS = ["model-a", "model-b", "model-c"];
const DAY = 24 * 60 * 60_000;
const START = Date.parse("2026-10-01T12:00:00Z");

/** `count` ratings, one per conversation, a minute apart from START, cycling through attributes. */
async function seed(count: number, userIds: string[]) {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const userId = userIds[i % userIds.length]!;
    const { answers, conversation } = await createExchange(userId, {
      text: i % 7 === 0 ? `Question about zebras ${i}` : `Question ${i}`,
      source: i % 4 === 1 ? "api" : i % 8 === 3 ? "playground" : "chat",
    });
    const answer = answers[0]!;
    await db().message.update({
      where: { id: answer.id },
      data: {
        modelId: MODELS[i % 3]!,
        text: i % 5 === 0 ? `Photosynthesis explained ${i}` : `Plain answer ${i}`,
      },
    });
    await db()
      .$executeRaw`UPDATE "Message" SET "searchVector" = to_tsvector('simple', "text") WHERE "id" = ${answer.id}::uuid`;
    const row = await db().feedback.create({
      data: {
        messageId: answer.id,
        userId,
        conversationId: conversation.id,
        rating: i % 2 ? "up" : "down",
        reasons: i % 2 ? ["correct"] : i % 4 === 0 ? ["incomplete", "outdated"] : ["not_factual"],
        comment: i % 3 === 0 ? `comment ${i} <b>bold</b>` : "",
        modelId: MODELS[i % 3]!,
        reviewStatus: i % 10 === 0 ? "reviewed" : "pending",
        createdAt: new Date(START + i * 60_000 + Math.floor(i / 20) * DAY),
      },
    });
    ids.push(row.id);
  }
  return ids;
}

async function allPages(actor: Actor, filters: Record<string, string>) {
  const seen: string[] = [];
  let cursor: string | null = null;
  for (let guard = 0; guard < 100; guard++) {
    const page = await listFeedback(actor, cursor ? { ...filters, after: cursor } : filters);
    seen.push(...page.rows.map((r) => r.id));
    if (!page.older) break;
    cursor = page.older;
  }
  return seen;
}

describe("admin feedback list", () => {
  beforeEach(resetDatabase);

  it("answers NOT_FOUND to everyone but an active admin, for every query and action", async () => {
    const { user, actor: userActor } = await createUser();
    const [feedbackId] = await seed(1, [user.id]);
    const admin = await createUser({ role: "ADMIN" });
    const disabledAdmin = await createUser({ role: "ADMIN", disabled: true });
    const callers: [string, Actor][] = [
      ["anonymous", null],
      ["unknown id", { userId: randomUUID() }],
      ["user (the rater)", userActor],
      ["disabled admin", disabledAdmin.actor],
    ];
    const calls: [string, (actor: Actor) => Promise<unknown>][] = [
      ["listFeedback", (a) => listFeedback(a, {})],
      ["listFeedbackModels", (a) => listFeedbackModels(a)],
      ["feedbackNeighbours", (a) => feedbackNeighbours(a, feedbackId!, {})],
      ["getFeedbackDetail", (a) => getFeedbackDetail(a, feedbackId!)],
      ["reviewFeedback", (a) => reviewFeedback(a, { feedbackId, status: "excluded" })],
      ["saveCorrection", (a) => saveCorrection(a, { feedbackId, text: "Better", baseCorrectionId: null })],
    ];
    for (const [fn, call] of calls) {
      for (const [who, actor] of callers) {
        const code = await call(actor).then(
          () => "ok",
          (e: unknown) => (e instanceof AppError ? e.code : String(e)),
        );
        expect(code, `${fn} as ${who}`).toBe("NOT_FOUND");
      }
      expect(await call(admin.actor).then(() => "ok"), `${fn} as admin`).toBe("ok");
    }
    // Refused callers wrote nothing: the one correction and the triage come from the admin.
    expect(await db().correction.count()).toBe(1);
    expect(await db().auditLog.count({ where: { actorId: { not: admin.user.id } } })).toBe(0);
  });

  it("filters by each field and combinations, newest first", async () => {
    const a = await createUser({ name: "Ann" });
    const b = await createUser({ name: "Ben" });
    const { actor } = await createUser({ role: "ADMIN" });
    const ids = await seed(60, [a.user.id, b.user.id]);
    const rows = await db().feedback.findMany({ orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
    const expectIds = async (
      filters: Record<string, string>,
      keep: (r: (typeof rows)[number]) => boolean,
    ) => {
      expect(await allPages(actor, filters), JSON.stringify(filters)).toEqual(
        rows.filter(keep).map((r) => r.id),
      );
    };
    await expectIds({}, () => true);
    await expectIds({ rating: "down" }, (r) => r.rating === "down");
    await expectIds({ reason: "outdated" }, (r) => r.reasons.includes("outdated"));
    await expectIds({ model: "model-b" }, (r) => r.modelId === "model-b");
    await expectIds({ user: b.user.id }, (r) => r.userId === b.user.id);
    await expectIds({ hasComment: "1" }, (r) => r.comment !== "");
    await expectIds({ status: "reviewed" }, (r) => r.reviewStatus === "reviewed");
    const sources = new Map(
      (await db().conversation.findMany({ select: { id: true, source: true } })).map((c) => [c.id, c.source]),
    );
    for (const source of ["chat", "api", "playground"] as const) {
      await expectIds({ source }, (r) => sources.get(r.conversationId) === source);
    }
    await expectIds(
      { source: "api", rating: "up", model: "model-c" },
      (r) => sources.get(r.conversationId) === "api" && r.rating === "up" && r.modelId === "model-c",
    );
    // The detail's next/previous walk the same filtered list.
    const apiIds = rows.filter((r) => sources.get(r.conversationId) === "api").map((r) => r.id);
    expect(await feedbackNeighbours(actor, apiIds[1]!, { source: "api" })).toEqual({
      newer: apiIds[0],
      older: apiIds[2],
    });
    await expectIds({ from: "2026-10-02", to: "2026-10-02" }, (r) =>
      r.createdAt.toISOString().startsWith("2026-10-02"),
    );
    await expectIds(
      { rating: "down", model: "model-a", hasComment: "1" },
      (r) => r.rating === "down" && r.modelId === "model-a" && r.comment !== "",
    );
    // Text search: the answer (full-text, prefix) or the comment (substring).
    const photo = (await allPages(actor, { q: "photosynth" })).sort();
    const expectedPhoto = [];
    for (let i = 0; i < 60; i += 5) expectedPhoto.push(ids[i]!);
    expect(photo).toEqual(expectedPhoto.sort());
    expect(await allPages(actor, { q: "comment 9 <b>" })).toEqual([ids[9]!]);
    // The list shows excerpts and names, never more.
    const first = (await listFeedback(actor, { q: "comment 9" })).rows[0]!;
    expect(first).toMatchObject({
      userName: "Ben",
      commentStart: "comment 9 <b>bold</b>",
      answerStart: "Plain answer 9",
    });
  });

  it("pages without duplicates or gaps, also while new feedback arrives, in both directions", async () => {
    const { user } = await createUser();
    const { actor } = await createUser({ role: "ADMIN" });
    await seed(75, [user.id]);
    const snapshot = (
      await db().feedback.findMany({ orderBy: [{ createdAt: "desc" }, { id: "desc" }], select: { id: true } })
    ).map((r) => r.id);
    const first = await listFeedback(actor, {});
    expect(first.rows).toHaveLength(30);
    expect(first.newer).toBeNull();
    // New ratings arrive (newer than everything) between page loads; later pages must not shift.
    for (let i = 0; i < 6; i++) {
      const extra = await createExchange(user.id);
      await db().feedback.create({
        data: {
          messageId: extra.answers[0]!.id,
          userId: user.id,
          conversationId: extra.conversation.id,
          rating: "up",
        },
      });
    }
    const second = await listFeedback(actor, { after: first.older! });
    const third = await listFeedback(actor, { after: second.older! });
    expect(third.older).toBeNull();
    const walked = [...first.rows, ...second.rows, ...third.rows].map((r) => r.id);
    expect(walked).toEqual(snapshot);
    // Back from page 3 gives page 2 again; back from page 2 gives page 1 plus nothing lost.
    const back = await listFeedback(actor, { before: third.newer! });
    expect(back.rows.map((r) => r.id)).toEqual(second.rows.map((r) => r.id));
    const backAgain = await listFeedback(actor, { before: back.newer! });
    expect(backAgain.rows.map((r) => r.id)).toEqual(first.rows.map((r) => r.id));
    // The page before page 1 now holds the six new ratings.
    const newest = await listFeedback(actor, { before: backAgain.newer! });
    expect(newest.rows).toHaveLength(6);
    expect(newest.newer).toBeNull();
  });

  it("answers nonsense filters with a clear VALIDATION error or an empty list, never a crash", async () => {
    const { user } = await createUser();
    const { actor } = await createUser({ role: "ADMIN" });
    await seed(3, [user.id]);
    for (const bad of [
      { from: "2026-13-45" },
      { from: "yesterday" },
      { to: "2026-02-31" },
      { from: "0000-01-01" },
      { after: `2026-01-01T00:00:00.000Z_${"-".repeat(36)}` },
      { rating: "meh" },
      { reason: "boring" },
      { status: "done" },
      { source: "email" },
      { user: "not-a-uuid" },
      { q: "x".repeat(10_000) },
      { after: "garbage" },
    ]) {
      const error = await listFeedback(actor, bad).catch((e: unknown) => e);
      expect(error, JSON.stringify(bad).slice(0, 60)).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe("VALIDATION");
    }
    expect((await listFeedback(actor, { model: "no-such-model" })).rows).toEqual([]);
    expect((await listFeedback(actor, { q: "%_\\'\";--" })).rows).toEqual([]);
    expect((await listFeedback(actor, { from: "2030-01-01", to: "2020-01-01" })).rows).toEqual([]);
  });
});

describe("admin feedback detail and triage", () => {
  beforeEach(resetDatabase);

  it("shows the rated branch only, siblings, consent, and records the read in the audit log", async () => {
    const { user, actor: userActor } = await createUser({ name: "Rita" });
    const admin = await createUser({ role: "ADMIN" });
    const { conversation, question, answers } = await createExchange(user.id, { answers: 2 });
    // A follow-up on the first answer, and an edited question on another branch.
    const follow = await db().message.create({
      data: { conversationId: conversation.id, parentId: answers[0]!.id, role: "user", text: "And then?" },
    });
    const rated = await db().message.create({
      data: {
        conversationId: conversation.id,
        parentId: follow.id,
        role: "assistant",
        text: "Then **this**.",
      },
    });
    await db().message.create({
      data: { conversationId: conversation.id, parentId: null, role: "user", text: "Other branch question" },
    });
    const feedback = await db().feedback.create({
      data: {
        messageId: rated.id,
        userId: user.id,
        conversationId: conversation.id,
        rating: "down",
        comment: "<i>meh</i>",
      },
    });
    await db().user.update({ where: { id: user.id }, data: { trainingConsent: false } });

    const detail = await getFeedbackDetail(admin.actor, feedback.id);
    expect(detail.path.map((m) => m.text)).toEqual([
      question.text,
      answers[0]!.text,
      "And then?",
      "Then **this**.",
    ]);
    expect(detail.comment).toBe("<i>meh</i>");
    expect(detail.user).toMatchObject({ name: "Rita", trainingConsent: false });
    expect(detail.trainingUse).toEqual({ usable: false, exclusions: ["consent_off"] });
    expect(detail.siblings).toEqual([]);
    const audit = await db().auditLog.findMany();
    expect(audit).toEqual([
      expect.objectContaining({
        action: "conversation.view",
        targetId: feedback.id,
        actorEmail: admin.user.email,
      }),
    ]);

    // Siblings of an answer with regenerations, with the rater's ratings.
    const second = await db().feedback.create({
      data: { messageId: answers[1]!.id, userId: user.id, conversationId: conversation.id, rating: "up" },
    });
    const withSiblings = await getFeedbackDetail(admin.actor, second.id);
    expect(withSiblings.siblings.map((s) => s.id)).toEqual([answers[0]!.id]);
    // An arena vote "Both are bad" on the pair shows as such, not as a tie.
    const [answerAId, answerBId] = [answers[0]!.id, answers[1]!.id].sort();
    await db().comparison.create({
      data: {
        userId: user.id,
        conversationId: conversation.id,
        promptId: question.id,
        answerAId: answerAId!,
        answerBId: answerBId!,
        preferredId: null,
        bothBad: true,
        source: "arena",
      },
    });
    expect((await getFeedbackDetail(admin.actor, second.id)).comparisons).toEqual([
      { otherId: answers[0]!.id, outcome: "both-bad", source: "arena" },
    ]);
    await expect(getFeedbackDetail(userActor, second.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(getFeedbackDetail(admin.actor, randomUUID())).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("marks reviewed, excludes with a note, reopens — audited; last write wins between two admins", async () => {
    const { user } = await createUser();
    const one = await createUser({ role: "ADMIN" });
    const two = await createUser({ role: "ADMIN" });
    const [feedbackId] = await seed(1, [user.id]);
    expect(await reviewFeedback(one.actor, { feedbackId, status: "reviewed" })).toMatchObject({
      reviewStatus: "reviewed",
    });
    await reviewFeedback(two.actor, { feedbackId, status: "excluded", note: "PII in the answer" });
    expect(await db().feedback.findUniqueOrThrow({ where: { id: feedbackId } })).toMatchObject({
      reviewStatus: "excluded",
      reviewNote: "PII in the answer",
      reviewedById: two.user.id,
    });
    await reviewFeedback(one.actor, { feedbackId, status: "pending" });
    expect((await db().feedback.findUniqueOrThrow({ where: { id: feedbackId } })).reviewedAt).toBeNull();
    const actions = await db().auditLog.findMany({
      orderBy: { createdAt: "asc" },
      select: { action: true, actorEmail: true },
    });
    expect(actions).toEqual([
      { action: "feedback.review", actorEmail: one.user.email },
      { action: "feedback.exclude", actorEmail: two.user.email },
      { action: "feedback.reopen", actorEmail: one.user.email },
    ]);
    await expect(reviewFeedback(one.actor, { feedbackId, status: "done" })).rejects.toMatchObject({
      code: "VALIDATION",
    });
    await expect(
      reviewFeedback(one.actor, { feedbackId: randomUUID(), status: "reviewed" }),
    ).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });

  it("keeps every correction: a save based on a stale version is refused, nothing is lost", async () => {
    const { user } = await createUser();
    const one = await createUser({ role: "ADMIN" });
    const two = await createUser({ role: "ADMIN" });
    const [feedbackId] = await seed(1, [user.id]);
    const first = await saveCorrection(one.actor, {
      feedbackId,
      text: "Version one",
      baseCorrectionId: null,
    });
    // Both admins start from version one; the second to save is told, and keeps their text.
    await saveCorrection(two.actor, { feedbackId, text: "Version two", baseCorrectionId: first.id });
    await expect(
      saveCorrection(one.actor, { feedbackId, text: "Version three", baseCorrectionId: first.id }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    // Two saves racing from the same base: exactly one wins.
    const latest = await db().correction.findFirstOrThrow({ orderBy: { createdAt: "desc" } });
    const race = await Promise.allSettled([
      saveCorrection(one.actor, { feedbackId, text: "Race A", baseCorrectionId: latest.id }),
      saveCorrection(two.actor, { feedbackId, text: "Race B", baseCorrectionId: latest.id }),
    ]);
    expect(race.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const history = await getFeedbackDetail(one.actor, feedbackId!);
    expect(history.corrections.map((c) => c.text).slice(1)).toEqual(["Version two", "Version one"]);
    expect(["Race A", "Race B"]).toContain(history.corrections[0]!.text);
    await expect(
      saveCorrection(one.actor, { feedbackId, text: "   ", baseCorrectionId: history.corrections[0]!.id }),
    ).rejects.toMatchObject({ code: "VALIDATION" });
    expect(await db().auditLog.count({ where: { action: "correction.save" } })).toBe(3);
  });
});
