import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors/app-error";
import {
  deleteConversation,
  getConversation,
  listConversations,
  purgeConversations,
  renameConversation,
  restoreConversation,
  searchConversations,
  selectBranch,
  setConversationModel,
  updateSystemPrompt,
  UNDO_WINDOW_MS,
} from "@/lib/chat/conversations";
import { stopGeneration } from "@/lib/chat/stop-generation";
import { createUser } from "../helpers/factories";
import { resetDatabase } from "../helpers/reset";

async function seed(userId: string, title: string, texts: string[] = [], updatedAt = new Date()) {
  const conversation = await db().conversation.create({ data: { userId, title, updatedAt } });
  let parentId: string | null = null;
  for (const [i, text] of texts.entries()) {
    const id = randomUUID();
    await db().$executeRaw`
      INSERT INTO "Message" ("id", "conversationId", "parentId", "role", "text", "searchVector", "updatedAt")
      VALUES (${id}::uuid, ${conversation.id}::uuid, ${parentId}::uuid,
              ${i % 2 === 0 ? "user" : "assistant"}::"MessageRole", ${text}, to_tsvector('simple', ${text}), now())`;
    parentId = id;
  }
  // Inserting messages does not move updatedAt; set it last so ordering is what the test says.
  await db()
    .$executeRaw`UPDATE "Conversation" SET "updatedAt" = ${updatedAt} WHERE "id" = ${conversation.id}::uuid`;
  return { ...conversation, lastMessageId: parentId };
}

async function code(promise: Promise<unknown>) {
  return promise.then(
    () => "ok",
    (error: unknown) => (error instanceof AppError ? error.code : String(error)),
  );
}

describe("conversations", () => {
  beforeEach(resetDatabase);

  it("lists newest first in keyset pages with no duplicates or gaps, hiding temporary and deleted chats", async () => {
    const { actor, user } = await createUser();
    const base = Date.now();
    for (let i = 0; i < 25; i++) await seed(user.id, `chat ${i}`, [], new Date(base - i * 60_000));
    await db().conversation.create({ data: { userId: user.id, title: "temp", temporary: true } });
    await db().conversation.create({ data: { userId: user.id, title: "gone", deletedAt: new Date() } });
    const other = await createUser();
    await seed(other.user.id, "not mine");

    const seen: string[] = [];
    let cursor = null;
    do {
      const page: Awaited<ReturnType<typeof listConversations>> = await listConversations(actor, {
        cursor,
        limit: 10,
      });
      seen.push(...page.items.map((c) => c.title));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => `chat ${i}`));
  });

  it("searches titles and message text, only in the caller's chats", async () => {
    const { actor, user } = await createUser();
    const other = await createUser();
    await seed(user.id, "Trip planning", ["Where should I go in Lisbon?", "Try the Alfama district."]);
    await seed(user.id, "Recipes", ["How do I bake sourdough bread?", "Start with a levain."]);
    await seed(other.user.id, "Other sourdough", ["sourdough secrets"]);
    expect((await searchConversations(actor, { query: "sourdough" })).map((c) => c.title)).toEqual([
      "Recipes",
    ]);
    expect((await searchConversations(actor, { query: "alfa" })).map((c) => c.title)).toEqual([
      "Trip planning",
    ]);
    expect((await searchConversations(actor, { query: "trip" })).map((c) => c.title)).toEqual([
      "Trip planning",
    ]);
    expect(await searchConversations(actor, { query: "%_'\\" })).toEqual([]);
    expect(await code(searchConversations(actor, { query: "x".repeat(10_000) }))).toBe("VALIDATION");
  });

  it("renames, deletes with undo, and purges for good after the undo window", async () => {
    const { actor, user } = await createUser();
    const c = await seed(user.id, "Old", ["q", "a"]);
    expect((await renameConversation(actor, { conversationId: c.id, title: "  New   name " })).title).toBe(
      "New name",
    );
    expect(await code(renameConversation(actor, { conversationId: c.id, title: "" }))).toBe("VALIDATION");

    await deleteConversation(actor, { conversationId: c.id });
    expect(await code(getConversation(actor, c.id))).toBe("NOT_FOUND");
    await restoreConversation(actor, { conversationId: c.id });
    expect((await getConversation(actor, c.id)).messages).toHaveLength(2);

    await deleteConversation(actor, { conversationId: c.id });
    expect(await purgeConversations(Date.now())).toBe(0);
    expect(await purgeConversations(Date.now() + UNDO_WINDOW_MS + 1000)).toBe(1);
    expect(await db().message.count({ where: { conversationId: c.id } })).toBe(0);
    expect(await code(restoreConversation(actor, { conversationId: c.id }))).toBe("NOT_FOUND");
  });

  it("remembers the branch shown and rejects a leaf from another conversation", async () => {
    const { actor, user } = await createUser();
    const c = await seed(user.id, "Branches", ["q", "a1"]);
    const other = await seed(user.id, "Other", ["x"]);
    await selectBranch(actor, { conversationId: c.id, leafId: c.lastMessageId });
    expect((await getConversation(actor, c.id)).currentLeafId).toBe(c.lastMessageId);
    expect(await code(selectBranch(actor, { conversationId: c.id, leafId: other.lastMessageId }))).toBe(
      "NOT_FOUND",
    );
  });

  it("keeps the model and system prompt per conversation", async () => {
    const { actor, user } = await createUser();
    const c = await seed(user.id, "Settings");
    expect(await setConversationModel(actor, { conversationId: c.id, modelId: "offline-demo" })).toEqual({
      modelId: "offline-demo",
    });
    expect(await code(setConversationModel(actor, { conversationId: c.id, modelId: "no-such-model" }))).toBe(
      "VALIDATION",
    );
    await updateSystemPrompt(actor, { conversationId: c.id, systemPrompt: "Answer in French." });
    expect(await getConversation(actor, c.id)).toMatchObject({
      modelId: "offline-demo",
      systemPrompt: "Answer in French.",
    });
  });
});

// Who may call what: every conversation function answers "not found" to anyone but the owner
// (admins included — they see conversations only through feedback), and asks anonymous callers to sign in.
describe("conversation access matrix", () => {
  beforeEach(resetDatabase);

  const calls: [string, (actor: Actor, ids: { c: string; m: string }) => Promise<unknown>][] = [
    ["getConversation", (a, { c }) => getConversation(a, c)],
    ["renameConversation", (a, { c }) => renameConversation(a, { conversationId: c, title: "x" })],
    ["deleteConversation", (a, { c }) => deleteConversation(a, { conversationId: c })],
    ["selectBranch", (a, { c, m }) => selectBranch(a, { conversationId: c, leafId: m })],
    [
      "setConversationModel",
      (a, { c }) => setConversationModel(a, { conversationId: c, modelId: "offline-demo" }),
    ],
    ["updateSystemPrompt", (a, { c }) => updateSystemPrompt(a, { conversationId: c, systemPrompt: "x" })],
    ["stopGeneration", (a, { m }) => stopGeneration(a, { messageId: m })],
  ];

  for (const [name, call] of calls) {
    it(name, async () => {
      const owner = await createUser();
      const stranger = await createUser();
      const admin = await createUser({ role: "ADMIN" });
      const c = await seed(owner.user.id, "Private", ["q", "a"]);
      const ids = { c: c.id, m: c.lastMessageId! };
      expect(await code(call(null, ids))).toBe("UNAUTHENTICATED");
      expect(await code(call(stranger.actor, ids))).toBe("NOT_FOUND");
      expect(await code(call(admin.actor, ids))).toBe("NOT_FOUND");
      expect(await code(call(owner.actor, { c: randomUUID(), m: randomUUID() }))).toBe("NOT_FOUND");
      expect(await code(call(owner.actor, ids))).toBe("ok");
    });
  }

  it("listConversations and searchConversations show only the caller's", async () => {
    const owner = await createUser();
    const stranger = await createUser();
    await seed(owner.user.id, "Private words", ["secret words"]);
    expect(await code(listConversations(null))).toBe("UNAUTHENTICATED");
    expect((await listConversations(stranger.actor)).items).toEqual([]);
    expect(await searchConversations(stranger.actor, { query: "secret" })).toEqual([]);
    expect((await searchConversations(owner.actor, { query: "secret" })).length).toBe(1);
  });
});
