import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { createUser } from "../helpers/factories";
import { resetDatabase } from "../helpers/reset";

// The schema's cascades are what make "delete" mean delete: conversation → messages → feedback/events.
describe("cascades", () => {
  beforeEach(resetDatabase);

  it("deleting a conversation removes its messages (the whole branch tree), feedback and events", async () => {
    const { user } = await createUser();
    const conversation = await db().conversation.create({ data: { userId: user.id } });
    const root = await db().message.create({
      data: { conversationId: conversation.id, role: "user", text: "Q" },
    });
    const a1 = await db().message.create({
      data: { conversationId: conversation.id, parentId: root.id, role: "assistant" },
    });
    const a2 = await db().message.create({
      data: { conversationId: conversation.id, parentId: root.id, role: "assistant" },
    });
    await db().feedback.create({
      data: { messageId: a1.id, userId: user.id, conversationId: conversation.id, rating: "down" },
    });
    await db().interactionEvent.create({ data: { type: "regenerate", userId: user.id, messageId: a2.id } });
    await db().comparison.create({
      data: {
        userId: user.id,
        conversationId: conversation.id,
        promptId: root.id,
        answerAId: a1.id < a2.id ? a1.id : a2.id,
        answerBId: a1.id < a2.id ? a2.id : a1.id,
        preferredId: a2.id,
        source: "explicit",
      },
    });

    await db().conversation.delete({ where: { id: conversation.id } });
    expect(await db().message.count()).toBe(0);
    expect(await db().feedback.count()).toBe(0);
    expect(await db().interactionEvent.count()).toBe(0);
    expect(await db().comparison.count()).toBe(0);
  });

  it("allows one rating per message and user", async () => {
    const { user } = await createUser();
    const conversation = await db().conversation.create({ data: { userId: user.id } });
    const answer = await db().message.create({
      data: { conversationId: conversation.id, role: "assistant" },
    });
    const data = {
      messageId: answer.id,
      userId: user.id,
      conversationId: conversation.id,
      rating: "up" as const,
    };
    await db().feedback.create({ data });
    await expect(db().feedback.create({ data })).rejects.toThrow();
  });
});
