import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors/app-error";
import {
  deleteConversation,
  getConversation,
  listConversations,
  otherConversationSources,
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

async function seed(
  userId: string,
  title: string,
  texts: string[] = [],
  updatedAt = new Date(),
  source: "chat" | "api" | "playground" = "chat",
) {
  const conversation = await db().conversation.create({ data: { userId, title, updatedAt, source } });
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

  it("lists one source at a time: chats by default, API calls under their filter, each with its own pages", async () => {
    const { actor, user } = await createUser();
    const base = Date.now();
    // Interleaved in time, so that a source filter applied after the page limit would show.
    for (let i = 0; i < 12; i++) {
      await seed(user.id, `chat ${i}`, [], new Date(base - 2 * i * 60_000));
      await seed(user.id, `api ${i}`, [], new Date(base - (2 * i + 1) * 60_000), "api");
    }
    await seed(user.id, "deleted api", [], new Date(base), "api").then((c) =>
      db().conversation.update({ where: { id: c.id }, data: { deletedAt: new Date() } }),
    );
    const other = await createUser();
    await seed(other.user.id, "someone else's api", [], new Date(base), "api");

    const all = async (source?: "chat" | "api" | "playground") => {
      const titles: string[] = [];
      let cursor = null;
      do {
        const page: Awaited<ReturnType<typeof listConversations>> = await listConversations(actor, {
          ...(source ? { source } : {}),
          cursor,
          limit: 5,
        });
        expect(page.items.every((c) => c.source === (source ?? "chat"))).toBe(true);
        titles.push(...page.items.map((c) => c.title));
        cursor = page.nextCursor;
      } while (cursor);
      return titles;
    };
    expect(await all()).toEqual(Array.from({ length: 12 }, (_, i) => `chat ${i}`));
    expect(await all("chat")).toEqual(Array.from({ length: 12 }, (_, i) => `chat ${i}`));
    expect(await all("api")).toEqual(Array.from({ length: 12 }, (_, i) => `api ${i}`));
    expect(await all("playground")).toEqual([]);
    expect(await code(listConversations(actor, { source: "email" }))).toBe("VALIDATION");

    expect(await otherConversationSources(actor)).toEqual(["api"]);
    expect(await otherConversationSources((await createUser()).actor)).toEqual([]);
    expect(await code(otherConversationSources(null))).toBe("UNAUTHENTICATED");
  });

  it("searches within the shown source", async () => {
    const { actor, user } = await createUser();
    await seed(user.id, "Chat about kites", ["How do kites fly?", "Lift."]);
    await seed(user.id, "API call", ["kites in an API call", "Lift again."], new Date(), "api");
    const titles = async (source?: "chat" | "api" | "playground") =>
      (await searchConversations(actor, { query: "kites", ...(source ? { source } : {}) })).map((c) => [
        c.title,
        c.source,
      ]);
    expect(await titles()).toEqual([["Chat about kites", "chat"]]);
    expect(await titles("api")).toEqual([["API call", "api"]]);
    expect(await titles("playground")).toEqual([]);
    expect(await code(searchConversations(actor, { query: "kites", source: "nope" }))).toBe("VALIDATION");
  });

  it("opens, renames and deletes an API conversation like any other", async () => {
    const { actor, user } = await createUser();
    const c = await seed(user.id, "From the API", ["q", "a"], new Date(), "api");
    const detail = await getConversation(actor, c.id);
    expect(detail.source).toBe("api");
    expect(detail.messages).toHaveLength(2);
    expect((await renameConversation(actor, { conversationId: c.id, title: "Renamed" })).source).toBe("api");
    await deleteConversation(actor, { conversationId: c.id });
    expect(await otherConversationSources(actor)).toEqual([]);
    expect((await restoreConversation(actor, { conversationId: c.id })).source).toBe("api");
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
