import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import type { Actor } from "@/lib/auth/actor";
import { rateMessage } from "@/lib/feedback/rate";
import { submitFeedback } from "@/lib/feedback/submit";
import { compareAnswers } from "@/lib/feedback/comparisons";
import { recordEvents } from "@/lib/feedback/events";
import { createExchange, createUser } from "../helpers/factories";
import { resetDatabase } from "../helpers/reset";

// Read once, on the first env() call of this file.
process.env.FEEDBACK_RATE_LIMIT_PER_MINUTE = "120";

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

async function owner() {
  const { user, actor } = await createUser();
  return { user, actor, ...(await createExchange(user.id, { answers: 2 })) };
}

describe("access to feedback actions", () => {
  beforeEach(resetDatabase);

  type Kind = "anonymous" | "unknown id" | "disabled owner" | "other user" | "admin" | "owner";
  const expected: Record<Kind, "ok" | "UNAUTHENTICATED" | "NOT_FOUND"> = {
    anonymous: "UNAUTHENTICATED",
    "unknown id": "UNAUTHENTICATED",
    "disabled owner": "UNAUTHENTICATED",
    "other user": "NOT_FOUND",
    // Admins review feedback in the admin console; they cannot rate or compare in someone's chat.
    admin: "NOT_FOUND",
    owner: "ok",
  };
  const calls: Record<
    string,
    (actor: Actor, answers: { id: string }[], conversationId: string) => Promise<unknown>
  > = {
    rateMessage: (actor, [a]) => rateMessage(actor, { messageId: a!.id, rating: "up" }),
    submitFeedback: (actor, [a]) =>
      submitFeedback(actor, { messageId: a!.id, rating: "down", reasons: ["incomplete"], comment: "Short" }),
    compareAnswers: (actor, [a, b]) =>
      compareAnswers(actor, { answerId: b!.id, otherId: a!.id, verdict: "better" }),
  };

  for (const [fn, call] of Object.entries(calls)) {
    it(`${fn}: only the conversation's owner, and nothing written for anyone else`, async () => {
      const mine = await owner();
      const other = await createUser();
      const admin = await createUser({ role: "ADMIN" });
      const disabled = await createUser({ disabled: true });
      const disabledExchange = await createExchange(disabled.user.id, { answers: 2 });
      const actors: Record<Kind, { actor: Actor; answers: { id: string }[] }> = {
        anonymous: { actor: null, answers: mine.answers },
        "unknown id": { actor: { userId: randomUUID() }, answers: mine.answers },
        "disabled owner": { actor: disabled.actor, answers: disabledExchange.answers },
        "other user": { actor: other.actor, answers: mine.answers },
        admin: { actor: admin.actor, answers: mine.answers },
        owner: { actor: mine.actor, answers: mine.answers },
      };
      for (const [kind, { actor, answers }] of Object.entries(actors) as [Kind, (typeof actors)[Kind]][]) {
        const outcome = await call(actor, answers, mine.conversation.id).then(
          () => "ok",
          (e: unknown) => (e instanceof AppError ? e.code : String(e)),
        );
        expect(outcome, `${fn} as ${kind}`).toBe(expected[kind]);
        if (kind !== "owner") {
          expect(await db().feedback.count(), `${fn} as ${kind} wrote feedback`).toBe(0);
          expect(await db().comparison.count(), `${fn} as ${kind} wrote a comparison`).toBe(0);
        }
      }
    });
  }
});

describe("ratings", () => {
  beforeEach(resetDatabase);

  it("rates, changes, removes — one row per message and user, with the answer's model frozen on it", async () => {
    const { actor, answers, user } = await owner();
    const answer = answers[0]!;
    expect(await rateMessage(actor, { messageId: answer.id, rating: "up" })).toEqual({
      rating: "up",
      reasons: [],
      comment: "",
    });
    const first = await db().feedback.findFirstOrThrow();
    expect(first).toMatchObject({
      messageId: answer.id,
      userId: user.id,
      rating: "up",
      modelId: "fake-model",
      provider: "openai-compatible",
      params: { seed: 0 },
    });

    await submitFeedback(actor, {
      messageId: answer.id,
      rating: "up",
      reasons: ["correct"],
      comment: "Nice",
    });
    // Rating up again is a no-op on the content (idempotent), but the reasons survive.
    await rateMessage(actor, { messageId: answer.id, rating: "up" });
    const again = await db().feedback.findFirstOrThrow();
    expect(again).toMatchObject({ rating: "up", reasons: ["correct"], comment: "Nice" });
    expect(again.updatedAt.getTime()).toBeGreaterThanOrEqual(first.updatedAt.getTime());

    // The other thumb changes the rating; the good reasons do not apply to a bad rating.
    expect(await rateMessage(actor, { messageId: answer.id, rating: "down" })).toEqual({
      rating: "down",
      reasons: [],
      comment: "Nice",
    });
    expect(await db().feedback.count()).toBe(1);

    expect(await rateMessage(actor, { messageId: answer.id, rating: null })).toBeNull();
    expect(await db().feedback.count()).toBe(0);
    // Removing twice is harmless.
    expect(await rateMessage(actor, { messageId: answer.id, rating: null })).toBeNull();
  });

  it("sends a reviewed rating back to review when the user changes it", async () => {
    const { actor, answers } = await owner();
    const messageId = answers[0]!.id;
    await rateMessage(actor, { messageId, rating: "up" });
    await db().feedback.updateMany({ data: { reviewStatus: "reviewed" } });
    await rateMessage(actor, { messageId, rating: "up" });
    expect((await db().feedback.findFirstOrThrow()).reviewStatus).toBe("reviewed");
    await rateMessage(actor, { messageId, rating: "down" });
    expect((await db().feedback.findFirstOrThrow()).reviewStatus).toBe("pending");
  });

  it("refuses what cannot be rated, with a clear error and nothing written", async () => {
    const { actor, question, user } = await owner();
    const streaming = await createExchange(user.id, { status: "streaming" });
    const deleted = await createExchange(user.id);
    await db().conversation.update({
      where: { id: deleted.conversation.id },
      data: { deletedAt: new Date() },
    });

    const cases: [string, unknown, string][] = [
      ["a message that does not exist", { messageId: randomUUID(), rating: "up" }, "NOT_FOUND"],
      ["a user message", { messageId: question.id, rating: "up" }, "NOT_FOUND"],
      ["a deleted conversation's answer", { messageId: deleted.answers[0]!.id, rating: "up" }, "NOT_FOUND"],
      ["an answer still streaming", { messageId: streaming.answers[0]!.id, rating: "down" }, "CONFLICT"],
      ["a malformed id", { messageId: "42", rating: "up" }, "VALIDATION"],
      ["an unknown rating", { messageId: question.id, rating: "meh" }, "VALIDATION"],
    ];
    for (const [what, input, code] of cases) {
      expect((await failure(rateMessage(actor, input))).code, what).toBe(code);
    }
    expect(
      (await failure(rateMessage(actor, { messageId: streaming.answers[0]!.id, rating: "up" }))).message,
    ).toMatch(/still being written/);
    expect(await db().feedback.count()).toBe(0);
  });

  it("rejects unknown reasons and oversized comments, and keeps HTML in comments as plain text", async () => {
    const { actor, answers } = await owner();
    const messageId = answers[0]!.id;
    const bad = [
      { messageId, rating: "down", reasons: ["boring"], comment: "" },
      { messageId, rating: "down", reasons: ["creative"], comment: "" },
      { messageId, rating: "down", reasons: [], comment: "x".repeat(100_000) },
    ];
    for (const input of bad) expect((await failure(submitFeedback(actor, input))).code).toBe("VALIDATION");
    expect(await db().feedback.count()).toBe(0);

    const html = `<img src=x onerror="alert(1)"><script>alert(2)</script>`;
    await submitFeedback(actor, { messageId, rating: "down", reasons: ["unsafe", "unsafe"], comment: html });
    expect(await db().feedback.findFirstOrThrow()).toMatchObject({ comment: html, reasons: ["unsafe"] });
  });

  it("survives a burst of 1,000 toggles: no duplicates, no server errors, the last accepted one wins", async () => {
    const { actor, answers } = await owner();
    const messageId = answers[0]!.id;
    const states = ["up", "down", null] as const;
    let accepted: (typeof states)[number] | undefined;
    const codes = new Map<string, number>();
    for (let i = 0; i < 1000; i++) {
      const rating = states[i % 3]!;
      try {
        await rateMessage(actor, { messageId, rating });
        accepted = rating;
        codes.set("ok", (codes.get("ok") ?? 0) + 1);
      } catch (error) {
        const code = error instanceof AppError ? error.code : "THROWN";
        codes.set(code, (codes.get(code) ?? 0) + 1);
        if (error instanceof AppError) expect(error.retryAfterSeconds).toBeGreaterThan(0);
      }
    }
    expect(Object.fromEntries(codes)).toEqual({ ok: 120, RATE_LIMITED: 880 });
    const rows = await db().feedback.findMany();
    expect(rows.map((r) => r.rating)).toEqual(accepted === null ? [] : [accepted]);
  });

  it("survives concurrent toggles: one row at most, only ok or rate-limited answers", async () => {
    const { actor, answers } = await owner();
    const messageId = answers[0]!.id;
    const outcomes = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        rateMessage(actor, { messageId, rating: i % 2 ? "up" : "down" }).then(
          () => "ok",
          (e: unknown) => (e instanceof AppError ? e.code : String(e)),
        ),
      ),
    );
    expect(new Set(outcomes)).toEqual(new Set(["ok"]));
    expect(await db().feedback.count()).toBe(1);
  });
});

describe("comparisons", () => {
  beforeEach(resetDatabase);

  it("records Better / Worse / Same as one row per pair, updated when asked again", async () => {
    const { actor, answers, question, conversation } = await owner();
    const [older, newer] = [answers[0]!, answers[1]!];
    await db().message.update({ where: { id: older.id }, data: { modelId: "model-old" } });
    await db().message.update({ where: { id: newer.id }, data: { modelId: "model-new" } });
    await compareAnswers(actor, { answerId: newer.id, otherId: older.id, verdict: "better" });
    const [a, b] = [older.id, newer.id].sort();
    // The models are frozen into the row, in the pair's order, for the leaderboard.
    const modelOf = (id: string) => (id === older.id ? "model-old" : "model-new");
    expect(await db().comparison.findMany()).toEqual([
      expect.objectContaining({
        conversationId: conversation.id,
        promptId: question.id,
        answerAId: a,
        answerBId: b,
        preferredId: newer.id,
        source: "explicit",
        modelA: modelOf(a!),
        modelB: modelOf(b!),
        bothBad: false,
      }),
    ]);
    // Asked the other way round, the same pair is updated, not duplicated.
    await compareAnswers(actor, { answerId: older.id, otherId: newer.id, verdict: "same" });
    const rows = await db().comparison.findMany();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.preferredId).toBeNull();
    await compareAnswers(actor, { answerId: newer.id, otherId: older.id, verdict: "worse" });
    expect((await db().comparison.findFirstOrThrow()).preferredId).toBe(older.id);
  });

  it("compares only two finished sibling answers of the caller", async () => {
    const { actor, answers, question, user } = await owner();
    const elsewhere = await createExchange(user.id);
    const streaming = await createExchange(user.id, { answers: 1, status: "streaming" });
    const sibling = await db().message.create({
      data: {
        conversationId: streaming.conversation.id,
        parentId: streaming.question.id,
        role: "assistant",
        text: "done",
      },
    });
    const cases: [string, unknown, string][] = [
      [
        "answers to different questions",
        { answerId: answers[0]!.id, otherId: elsewhere.answers[0]!.id },
        "NOT_FOUND",
      ],
      ["a question and an answer", { answerId: answers[0]!.id, otherId: question.id }, "NOT_FOUND"],
      ["an answer with itself", { answerId: answers[0]!.id, otherId: answers[0]!.id }, "VALIDATION"],
      ["a streaming answer", { answerId: streaming.answers[0]!.id, otherId: sibling.id }, "CONFLICT"],
    ];
    for (const [what, input, code] of cases) {
      expect(
        (await failure(compareAnswers(actor, { ...(input as object), verdict: "better" }))).code,
        what,
      ).toBe(code);
    }
    expect(await db().comparison.count()).toBe(0);
  });

  it("derives a preference from one sibling rated up and the other down, and drops it when that changes", async () => {
    const { actor, answers } = await owner();
    const [first, second] = [answers[0]!, answers[1]!];
    await db().message.update({ where: { id: first.id }, data: { modelId: "model-first" } });
    await rateMessage(actor, { messageId: first.id, rating: "up" });
    expect(await db().comparison.count()).toBe(0);
    await rateMessage(actor, { messageId: second.id, rating: "down" });
    const models = first.id < second.id ? ["model-first", "fake-model"] : ["fake-model", "model-first"];
    expect(await db().comparison.findMany()).toEqual([
      expect.objectContaining({
        preferredId: first.id,
        source: "ratings",
        modelA: models[0],
        modelB: models[1],
      }),
    ]);
    // The rating panel may flip the rating too.
    await submitFeedback(actor, { messageId: second.id, rating: "up", reasons: [], comment: "" });
    expect(await db().comparison.count()).toBe(0);
    await rateMessage(actor, { messageId: first.id, rating: "down" });
    expect((await db().comparison.findFirstOrThrow()).preferredId).toBe(second.id);
    await rateMessage(actor, { messageId: first.id, rating: null });
    expect(await db().comparison.count()).toBe(0);
  });

  it("never lets ratings overwrite a choice the user made explicitly", async () => {
    const { actor, answers } = await owner();
    const [first, second] = [answers[0]!, answers[1]!];
    await compareAnswers(actor, { answerId: second.id, otherId: first.id, verdict: "same" });
    await rateMessage(actor, { messageId: first.id, rating: "up" });
    await rateMessage(actor, { messageId: second.id, rating: "down" });
    await rateMessage(actor, { messageId: second.id, rating: null });
    expect(await db().comparison.findMany()).toEqual([
      expect.objectContaining({ preferredId: null, source: "explicit" }),
    ]);
  });
});

describe("interaction events", () => {
  beforeEach(resetDatabase);

  it("stores the caller's signals in a batch and silently drops ids that are not theirs", async () => {
    const { actor, answers, conversation, user } = await owner();
    const stranger = await owner();
    const stored = await recordEvents(actor, {
      events: [
        { type: "copy", conversationId: conversation.id, messageId: answers[0]!.id },
        {
          type: "switch_branch",
          conversationId: conversation.id,
          messageId: answers[1]!.id,
          payload: { index: 2 },
        },
        { type: "copy", conversationId: stranger.conversation.id, messageId: stranger.answers[0]!.id },
        { type: "copy", conversationId: conversation.id, messageId: stranger.answers[0]!.id },
      ],
    });
    expect(stored).toBe(2);
    const rows = await db().interactionEvent.findMany({ orderBy: { type: "asc" } });
    expect(rows.map((r) => [r.type, r.userId, r.messageId, r.payload])).toEqual([
      ["copy", user.id, answers[0]!.id, {}],
      ["switch_branch", user.id, answers[1]!.id, { index: 2 }],
    ]);
  });

  it("stores nothing for anyone but the owner: other users and admins are dropped, disabled users refused", async () => {
    const mine = await owner();
    const other = await createUser();
    const admin = await createUser({ role: "ADMIN" });
    const disabled = await createUser({ disabled: true });
    const batch = {
      events: [{ type: "copy", conversationId: mine.conversation.id, messageId: mine.answers[0]!.id }],
    };
    expect(await recordEvents(other.actor, batch)).toBe(0);
    expect(await recordEvents(admin.actor, batch)).toBe(0);
    expect((await failure(recordEvents(disabled.actor, batch))).code).toBe("UNAUTHENTICATED");
    expect((await failure(recordEvents({ userId: randomUUID() }, batch))).code).toBe("UNAUTHENTICATED");
    expect(await db().interactionEvent.count()).toBe(0);
    expect(await recordEvents(mine.actor, batch)).toBe(1);
  });

  it("refuses anonymous callers, free text and oversized batches", async () => {
    const { actor, conversation } = await owner();
    const event = { type: "copy", conversationId: conversation.id };
    expect((await failure(recordEvents(null, { events: [event] }))).code).toBe("UNAUTHENTICATED");
    expect(
      (await failure(recordEvents(actor, { events: [{ ...event, payload: { text: "hi" } }] }))).code,
    ).toBe("VALIDATION");
    expect((await failure(recordEvents(actor, { events: Array(51).fill(event) }))).code).toBe("VALIDATION");
    expect(await db().interactionEvent.count()).toBe(0);
  });
});
