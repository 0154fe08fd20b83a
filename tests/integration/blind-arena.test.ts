import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startFakeOpenAI, type FakeOpenAI } from "../helpers/fake-openai";
import { createUser } from "../helpers/factories";
import { addProvider } from "../helpers/registry-rows";
import { resetDatabase } from "../helpers/reset";
import { readAll, type Chunk } from "../helpers/ui-stream";
import type { Actor } from "@/lib/auth/actor";
// Types only: the modules are loaded in beforeAll, once the settings are in place.
import type * as Client from "@/lib/db/client";
import type * as Prepare from "@/lib/chat/prepare-turn";
import type * as Turn from "@/lib/chat/stream-turn";
import type * as ArenaTurn from "@/lib/chat/arena/arena-turn";
import type * as ArenaStream from "@/lib/chat/arena/arena-stream";
import type * as ArenaVote from "@/lib/chat/arena/arena-vote";
import type * as Conversations from "@/lib/chat/conversations";
import type * as Stop from "@/lib/chat/stop-generation";
import type * as Registry from "@/lib/models/registry";
import type * as Settings from "@/lib/settings/app-settings";

// The blind arena in the chat (docs/arena.md), through the real pipeline POST /api/chat runs
// (prepareTurn, then arenaTurnFor), against a real OpenAI-compatible HTTP server serving two models
// (the settings' "fake-model" and an admin-added "arena-model"), on a real database.
let fake: FakeOpenAI;
let lib: typeof Client &
  typeof Prepare &
  typeof Turn &
  typeof ArenaTurn &
  typeof ArenaStream &
  typeof ArenaVote &
  typeof Conversations &
  typeof Stop &
  typeof Registry &
  typeof Settings;

const MODELS = ["arena-model", "fake-model"];

beforeAll(async () => {
  fake = await startFakeOpenAI();
  process.env.OPENAI_COMPATIBLE_BASE_URL = fake.url;
  process.env.OPENAI_COMPATIBLE_MODELS = "fake-model";
  process.env.DEFAULT_MODEL = "fake-model";
  process.env.CHAT_RATE_LIMIT_PER_MINUTE = "50";
  lib = {
    ...(await import("@/lib/db/client")),
    ...(await import("@/lib/chat/prepare-turn")),
    ...(await import("@/lib/chat/stream-turn")),
    ...(await import("@/lib/chat/arena/arena-turn")),
    ...(await import("@/lib/chat/arena/arena-stream")),
    ...(await import("@/lib/chat/arena/arena-vote")),
    ...(await import("@/lib/chat/conversations")),
    ...(await import("@/lib/chat/stop-generation")),
    ...(await import("@/lib/models/registry")),
    ...(await import("@/lib/settings/app-settings")),
  };
});
afterAll(async () => fake.close());
beforeEach(async () => {
  await resetDatabase();
  lib.forgetAppSettings();
  fake.setScenario({ words: 8, chunkDelayMs: 2, failWith: undefined, failTimes: undefined, text: undefined });
});

/** The second model, open to `roles`, and the arena share. */
async function world({ share = 100, roles = ["USER", "ADMIN"] as ("USER" | "ADMIN")[] } = {}) {
  await addProvider({
    baseUrl: fake.url,
    models: [
      { modelId: "arena-model", upstreamId: "fake-model", displayName: "Arena model", allowedRoles: roles },
    ],
  });
  lib.invalidateRegistry();
  const admin = await createUser({ role: "ADMIN" });
  await lib.updateFeatureSettings(admin.actor, { arenaSharePercent: share });
  return { admin, ...(await createUser()) };
}

function submit(conversationId: string | null, parentId: string | null, text: string, extra: object = {}) {
  return { trigger: "submit", conversationId, parentId, message: { id: randomUUID(), text }, ...extra };
}

/** What the route does: prepare the turn, then maybe make it an arena turn. */
async function post(actor: Actor, body: object) {
  const turn = await lib.prepareTurn(actor, body);
  const arena = await lib.arenaTurnFor(turn, body);
  return { turn, arena };
}

async function arenaTurn(actor: Actor, body: object = submit(null, null, "Which is the best wheel?")) {
  const { arena } = await post(actor, body);
  if (!arena) throw new Error("the arena did not fire");
  return { arena, chunks: await readAll(lib.streamArenaTurn(arena)) };
}

const sideText = (chunks: Chunk[], side: string) =>
  chunks.map((c) => (c.type === "text-delta" && (c as { id?: string }).id === side ? c.delta : "")).join("");

describe("blind arena: when it fires", () => {
  it("at 100 %, answers a new question with two models side by side, anonymously, and keeps the vote pending", async () => {
    const { actor, user } = await world();
    const { arena, chunks } = await arenaTurn(actor);
    expect(sideText(chunks, "a").length).toBeGreaterThan(0);
    expect(sideText(chunks, "b").length).toBeGreaterThan(0);
    // Nothing in the stream names a model.
    expect(JSON.stringify(chunks)).not.toMatch(/fake-model|arena-model/);
    expect(chunks.some((c) => c.type === "error")).toBe(false);
    const ends = chunks.filter((c) => c.type === "data-arena") as unknown as {
      id: string;
      data: { status: string };
    }[];
    expect(
      ends
        .filter((c) => c.data.status === "complete")
        .map((c) => c.id)
        .sort(),
    ).toEqual(["a", "b"]);

    const answers = await lib.db().message.findMany({
      where: { parentId: arena.promptId },
      orderBy: { createdAt: "asc" },
    });
    expect(answers.map((m) => m.id)).toEqual([arena.a.assistantId, arena.b.assistantId]);
    expect(answers.map((m) => m.modelId).sort()).toEqual(MODELS);
    for (const answer of answers) {
      expect(answer).toMatchObject({ role: "assistant", status: "complete", provider: "openai-compatible" });
      expect(answer.outputTokens).toBeGreaterThan(0);
    }
    // Both count: usage per model, and two upstream calls.
    const usage = await lib.db().usageDaily.findMany({ where: { userId: user.id } });
    expect(usage.map((row) => row.modelId).sort()).toEqual(MODELS);
    // Two answers, then the new chat's title (written by a model, as after one answer).
    expect(fake.requests.filter((r) => r.path.endsWith("/chat/completions"))).toHaveLength(3);
    const titled = chunks.find((c) => c.type === "finish")?.messageMetadata?.title;
    expect(titled).toEqual(expect.any(String));
    const conversation = await lib
      .db()
      .conversation.findUniqueOrThrow({ where: { id: arena.a.conversationId } });
    expect(conversation.title).toBe(titled);
    expect(
      await lib.db().arenaBattle.findUniqueOrThrow({ where: { promptId: arena.promptId } }),
    ).toMatchObject({
      answerAId: arena.a.assistantId,
      answerBId: arena.b.assistantId,
      outcome: null,
      decidedAt: null,
    });
  });

  it("on reload while the vote is pending, shows the two answers and the question again, without models", async () => {
    const { actor } = await world();
    const { arena } = await arenaTurn(actor);
    const detail = await lib.getConversation(actor, arena.a.conversationId);
    expect(detail.arena).toEqual({
      promptId: arena.promptId,
      answerAId: arena.a.assistantId,
      answerBId: arena.b.assistantId,
    });
    const shown = detail.messages.filter((m) => m.parentId === arena.promptId);
    expect(shown).toHaveLength(2);
    for (const m of shown) expect(m).toMatchObject({ modelId: null, costUsd: null, status: "complete" });
  });

  it("each answer followed again while it streams (a reload) is live and names neither model nor cost", async () => {
    const { actor } = await world();
    fake.setScenario({ words: 60, chunkDelayMs: 20 });
    const { arena } = await post(actor, submit(null, null, "Which is the best wheel?"));
    if (!arena) throw new Error("the arena did not fire");
    const original = readAll(lib.streamArenaTurn(arena));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const { resumeAnswer } = await import("@/lib/chat/live/resume-answer");
    const followed = await Promise.all(
      [arena.a, arena.b].map(async (side) =>
        readAll(await resumeAnswer(actor, { messageId: side.assistantId })),
      ),
    );
    const chunks = await original;
    for (const [index, side] of (["a", "b"] as const).entries()) {
      const again = followed[index]!;
      expect(again.map((c) => c.delta ?? "").join("")).toBe(sideText(chunks, side));
      // Live: many pieces, not the stored text at the end.
      expect(again.filter((c) => c.type === "text-delta").length).toBeGreaterThan(10);
      expect(again.at(-1)).toMatchObject({ type: "finish", messageMetadata: { status: "complete" } });
      expect(JSON.stringify(again)).not.toMatch(/fake-model|arena-model|costUsd/);
    }
  });

  it("never at 0 % (the default), never for a regenerate or an edit", async () => {
    const { actor } = await world({ share: 0 });
    const first = await post(actor, submit(null, null, "Hello"));
    expect(first.arena).toBeNull();
    await readAll(lib.streamTurn(first.turn));

    const admin = await createUser({ role: "ADMIN" });
    await lib.updateFeatureSettings(admin.actor, { arenaSharePercent: 100 });
    const again = await post(actor, {
      trigger: "regenerate",
      conversationId: first.turn.conversationId,
      parentId: first.turn.userMessageId,
    });
    expect(again.arena).toBeNull();
    await readAll(lib.streamTurn(again.turn));
    const edit = await post(actor, submit(first.turn.conversationId, null, "Hello again", { edit: true }));
    expect(edit.arena).toBeNull();
    await readAll(lib.streamTurn(edit.turn));
    expect(await lib.db().arenaBattle.count()).toBe(0);
  });

  it("never in a temporary chat, new or continued", async () => {
    const { actor } = await world();
    const first = await post(actor, submit(null, null, "Off the record", { temporary: true }));
    expect(first.arena).toBeNull();
    await readAll(lib.streamTurn(first.turn));
    const next = await post(actor, submit(first.turn.conversationId, first.turn.assistantId, "And then?"));
    expect(next.arena).toBeNull();
    await readAll(lib.streamTurn(next.turn));
    expect(await lib.db().arenaBattle.count()).toBe(0);
    expect(await lib.db().message.count({ where: { role: "assistant" } })).toBe(2);
  });

  it("never with fewer than two eligible models (the offline model does not count)", async () => {
    const { actor } = await world({ roles: ["ADMIN"] });
    const { arena, turn } = await post(actor, submit(null, null, "Just one model for me"));
    expect(arena).toBeNull();
    await readAll(lib.streamTurn(turn));
    expect(await lib.db().arenaBattle.count()).toBe(0);
  });

  it("fires for a share of turns, drawn from the random source", async () => {
    const { actor } = await world({ share: 30 });
    const miss = await post(actor, submit(null, null, "q1"));
    expect(await lib.arenaTurnFor(miss.turn, submit(null, null, "q1"), () => 0.31)).toBeNull();
    await readAll(lib.streamTurn(miss.turn));
    const hit = await lib.prepareTurn(actor, submit(null, null, "q2"));
    const arena = await lib.arenaTurnFor(hit, submit(null, null, "q2"), () => 0.29);
    expect(arena).not.toBeNull();
    await readAll(lib.streamArenaTurn(arena!));
  });
});

describe("blind arena: the vote", () => {
  it("stores an arena comparison, continues on the preferred answer and reveals both models", async () => {
    const { actor, user } = await world();
    const { arena } = await arenaTurn(actor);
    const result = await lib.voteBlindArena(actor, { promptId: arena.promptId, choice: "b" });
    const a = await lib.db().message.findUniqueOrThrow({ where: { id: arena.a.assistantId } });
    const b = await lib.db().message.findUniqueOrThrow({ where: { id: arena.b.assistantId } });
    expect(result).toEqual({
      choice: "b",
      leafId: b.id,
      recorded: true,
      models: { a: a.modelId, b: b.modelId },
    });
    const comparison = await lib.db().comparison.findFirstOrThrow({ where: { userId: user.id } });
    expect(comparison).toMatchObject({
      source: "arena",
      promptId: arena.promptId,
      preferredId: b.id,
      bothBad: false,
      modelA: comparison.answerAId === a.id ? a.modelId : b.modelId,
      modelB: comparison.answerBId === b.id ? b.modelId : a.modelId,
    });
    const conversation = await lib.db().conversation.findUniqueOrThrow({ where: { id: a.conversationId } });
    expect(conversation.currentLeafId).toBe(b.id);
    const detail = await lib.getConversation(actor, a.conversationId);
    expect(detail.arena ?? null).toBeNull();
    expect(detail.messages.find((m) => m.id === b.id)?.modelId).toBe(b.modelId);

    // The conversation goes on under the preferred answer.
    const next = await lib.prepareTurn(actor, submit(a.conversationId, b.id, "Tell me more"));
    await readAll(lib.streamTurn(next));
    const question = await lib.db().message.findUniqueOrThrow({ where: { id: next.userMessageId } });
    expect(question.parentId).toBe(b.id);

    await expect(lib.voteBlindArena(actor, { promptId: arena.promptId, choice: "a" })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    expect(await lib.db().comparison.count()).toBe(1);
  });

  it("skip stores no comparison and continues on answer A", async () => {
    const { actor } = await world();
    const { arena } = await arenaTurn(actor);
    const result = await lib.voteBlindArena(actor, { promptId: arena.promptId, choice: "skip" });
    expect(result).toMatchObject({ choice: "skip", leafId: arena.a.assistantId, recorded: false });
    expect(await lib.db().comparison.count()).toBe(0);
    expect(await lib.db().arenaBattle.findFirstOrThrow()).toMatchObject({ outcome: "skip" });
    const conversation = await lib
      .db()
      .conversation.findUniqueOrThrow({ where: { id: arena.a.conversationId } });
    expect(conversation.currentLeafId).toBe(arena.a.assistantId);
  });

  it("someone else's question is not found, and nothing is written", async () => {
    const { actor } = await world();
    const { arena } = await arenaTurn(actor);
    const other = await createUser();
    await expect(
      lib.voteBlindArena(other.actor, { promptId: arena.promptId, choice: "a" }),
    ).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(lib.voteBlindArena(actor, { promptId: randomUUID(), choice: "a" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(lib.voteBlindArena(actor, { promptId: "nope", choice: "a" })).rejects.toMatchObject({
      code: "VALIDATION",
    });
    expect(await lib.db().comparison.count()).toBe(0);
    expect(await lib.db().arenaBattle.findFirstOrThrow()).toMatchObject({ outcome: null, decidedAt: null });
  });

  it("a rating of the answers afterwards does not overwrite the arena vote", async () => {
    const { actor } = await world();
    const { arena } = await arenaTurn(actor);
    await lib.voteBlindArena(actor, { promptId: arena.promptId, choice: "a" });
    const { rateMessage } = await import("@/lib/feedback/rate");
    await rateMessage(actor, { messageId: arena.a.assistantId, rating: "down" });
    await rateMessage(actor, { messageId: arena.b.assistantId, rating: "up" });
    const rows = await lib.db().comparison.findMany();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ source: "arena", preferredId: arena.a.assistantId });
  });
});

describe("blind arena: failures and Stop", () => {
  it("a failing model shows in its own column; the other answer and the question are kept", async () => {
    const { actor } = await world();
    fake.setScenario({ failWith: { status: 500, body: { error: { message: "boom" } } }, failTimes: 1 });
    const { arena, chunks } = await arenaTurn(actor);
    expect(chunks.some((c) => c.type === "error")).toBe(false);
    const answers = await lib.db().message.findMany({ where: { parentId: arena.promptId } });
    expect(answers.map((m) => m.status).sort()).toEqual(["complete", "error"]);
    expect(await lib.db().message.count({ where: { id: arena.promptId } })).toBe(1);
    // A vote for the complete one continues there, but a failure is no preference: no comparison.
    const complete = answers.find((m) => m.status === "complete")!;
    const choice = complete.id === arena.a.assistantId ? "a" : "b";
    expect(await lib.voteBlindArena(actor, { promptId: arena.promptId, choice })).toMatchObject({
      leafId: complete.id,
      recorded: false,
    });
    expect(await lib.db().comparison.count()).toBe(0);
  });

  it("Stop stops both answers, each kept with what it had", async () => {
    const { actor } = await world();
    fake.setScenario({ words: 400, chunkDelayMs: 20 });
    const { arena } = await post(actor, submit(null, null, "A long story, please"));
    const reading = readAll(lib.streamArenaTurn(arena!));
    await new Promise((r) => setTimeout(r, 300));
    await expect(lib.voteBlindArena(actor, { promptId: arena!.promptId, choice: "a" })).rejects.toMatchObject(
      {
        code: "CONFLICT",
      },
    );
    for (const side of [arena!.a, arena!.b]) await lib.stopGeneration(actor, { messageId: side.assistantId });
    await reading;
    const answers = await lib.db().message.findMany({ where: { parentId: arena!.promptId } });
    expect(answers.map((m) => m.status)).toEqual(["stopped", "stopped"]);
  });
});
