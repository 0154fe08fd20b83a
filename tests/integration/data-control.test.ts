import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { rateMessage } from "@/lib/feedback/rate";
import { compareAnswers } from "@/lib/feedback/comparisons";
import { recordEvents } from "@/lib/feedback/events";
import { trainingUse, usableFeedbackWhere } from "@/lib/feedback/consent";
import { deleteAllConversations, deleteConversation, purgeConversations } from "@/lib/chat/conversations";
import { openUserDataExport } from "@/lib/users/data-export";
import { getAdminTotals } from "@/lib/admin/overview/admin-totals";
import { createExchange, createUser } from "../helpers/factories";
import { resetDatabase } from "../helpers/reset";

/** A conversation with two answers, both rated, compared, and a copy signal: everything deletable. */
async function richExchange(actor: { userId: string }) {
  const exchange = await createExchange(actor.userId, { answers: 2 });
  const [first, second] = [exchange.answers[0]!, exchange.answers[1]!];
  await rateMessage(actor, { messageId: first.id, rating: "up" });
  await rateMessage(actor, { messageId: second.id, rating: "down" });
  await compareAnswers(actor, { answerId: second.id, otherId: first.id, verdict: "worse" });
  await recordEvents(actor, {
    events: [{ type: "copy", conversationId: exchange.conversation.id, messageId: first.id }],
  });
  return exchange;
}

async function counts(conversationId: string) {
  return {
    feedback: await db().feedback.count({ where: { conversationId } }),
    comparisons: await db().comparison.count({ where: { conversationId } }),
    events: await db().interactionEvent.count({ where: { conversationId } }),
    messages: await db().message.count({ where: { conversationId } }),
  };
}

describe("deleting conversations", () => {
  beforeEach(resetDatabase);

  it("removes a conversation's feedback, comparisons and events at once, and its messages at the purge", async () => {
    const { actor } = await createUser();
    const doomed = await richExchange(actor);
    const kept = await richExchange(actor);
    expect(await counts(doomed.conversation.id)).toEqual({
      feedback: 2,
      comparisons: 1,
      events: 1,
      messages: 3,
    });

    await deleteConversation(actor, { conversationId: doomed.conversation.id });
    expect(await counts(doomed.conversation.id)).toEqual({
      feedback: 0,
      comparisons: 0,
      events: 0,
      messages: 3,
    });

    await purgeConversations(Date.now() + 60 * 60_000);
    expect(await counts(doomed.conversation.id)).toEqual({
      feedback: 0,
      comparisons: 0,
      events: 0,
      messages: 0,
    });
    expect(await counts(kept.conversation.id)).toEqual({
      feedback: 2,
      comparisons: 1,
      events: 1,
      messages: 3,
    });
  });

  it("deletes all of the caller's conversations and everything in them, and nobody else's", async () => {
    const me = await createUser();
    const other = await createUser();
    const mine = [await richExchange(me.actor), await richExchange(me.actor)];
    const theirs = await richExchange(other.actor);

    await expect(deleteAllConversations(null, { confirm: true })).rejects.toMatchObject({
      code: "UNAUTHENTICATED",
    });
    await expect(deleteAllConversations(me.actor, {})).rejects.toMatchObject({ code: "VALIDATION" });
    expect(await deleteAllConversations(me.actor, { confirm: true })).toEqual({ deleted: 2 });
    for (const { conversation } of mine) {
      expect(await counts(conversation.id)).toEqual({ feedback: 0, comparisons: 0, events: 0, messages: 0 });
    }
    expect(await db().conversation.count({ where: { userId: me.user.id } })).toBe(0);
    expect(await counts(theirs.conversation.id)).toEqual({
      feedback: 2,
      comparisons: 1,
      events: 1,
      messages: 3,
    });
  });
});

describe("download my data", () => {
  beforeEach(resetDatabase);

  async function download(actor: { userId: string } | null) {
    const { filename, chunks } = await openUserDataExport(actor);
    let text = "";
    for await (const chunk of chunks) text += chunk;
    return {
      filename,
      text,
      data: JSON.parse(text) as Record<string, unknown> & { conversations: unknown[] },
    };
  }

  it("holds the caller's conversations, every branch, ratings and comparisons — and nothing of anyone else", async () => {
    const me = await createUser({ name: "Me" });
    const other = await createUser();
    const mine = await richExchange(me.actor);
    const theirs = await createExchange(other.user.id, { text: "Their secret question" });
    await rateMessage(other.actor, { messageId: theirs.answers[0]!.id, rating: "up" });

    const { filename, text, data } = await download(me.actor);
    expect(filename).toMatch(/^flywheel-data-\d{4}-\d{2}-\d{2}\.json$/);
    expect(data.user).toMatchObject({
      id: me.user.id,
      email: me.user.email,
      name: "Me",
      trainingConsent: true,
    });
    expect(data.conversations).toHaveLength(1);
    expect(data.conversations[0]).toMatchObject({
      id: mine.conversation.id,
      usableForTraining: { usable: true, exclusions: [] },
    });
    expect((data.conversations[0] as { messages: unknown[] }).messages).toHaveLength(3);
    expect(data.feedback).toHaveLength(2);
    expect(data.comparisons).toHaveLength(1);
    expect(text).not.toContain("Their secret question");
    expect(text).not.toContain(other.user.id);
    expect(text).not.toContain("passwordHash");
  });

  it("leaves out deleted conversations and their feedback, and refuses anonymous callers", async () => {
    const me = await createUser();
    const exchange = await richExchange(me.actor);
    await deleteConversation(me.actor, { conversationId: exchange.conversation.id });
    const { data } = await download(me.actor);
    expect(data.conversations).toEqual([]);
    expect(data.feedback).toEqual([]);
    await expect(openUserDataExport(null)).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
  });
});

describe("the training-use rule in the database", () => {
  beforeEach(resetDatabase);

  it("selects exactly the feedback the rule function allows, for every combination", async () => {
    const expected = new Map<string, boolean>();
    for (const consent of [true, false]) {
      const { user, actor } = await createUser();
      await db().user.update({ where: { id: user.id }, data: { trainingConsent: consent } });
      for (const temporary of [false, true]) {
        for (const deleted of [false, true]) {
          for (const reviewStatus of ["pending", "reviewed", "excluded"] as const) {
            const { conversation, answers } = await createExchange(user.id, { temporary });
            await rateMessage(actor, { messageId: answers[0]!.id, rating: "up" });
            // Deleted as the purge would find it: hidden, feedback not yet gone (set directly).
            await db().conversation.update({
              where: { id: conversation.id },
              data: { deletedAt: deleted ? new Date() : null },
            });
            const row = await db().feedback.update({
              where: { messageId_userId: { messageId: answers[0]!.id, userId: user.id } },
              data: { reviewStatus },
            });
            expected.set(
              row.id,
              trainingUse({ temporary, deleted, userConsent: consent, reviewStatus }).usable,
            );
          }
        }
      }
    }
    const usable = await db().feedback.findMany({ where: usableFeedbackWhere(), select: { id: true } });
    const allowed = [...expected].filter(([, ok]) => ok).map(([id]) => id);
    expect(usable.map((r) => r.id).sort()).toEqual(allowed.sort());
    expect(allowed).toHaveLength(2);
    // The admin console counts by the same rule.
    const admin = await createUser({ role: "ADMIN" });
    expect(await getAdminTotals(admin.actor)).toMatchObject({ ratings: 24, usableRatings: 2 });
  });
});
