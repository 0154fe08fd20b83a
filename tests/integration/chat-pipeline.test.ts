import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startFakeOpenAI, type FakeOpenAI } from "../helpers/fake-openai";
import { createUser } from "../helpers/factories";
import { resetDatabase } from "../helpers/reset";
import { OFFLINE_MODEL_ID } from "@/lib/env-schema";
import { events, readAll, textOf, type Chunk } from "../helpers/ui-stream";
// Types only: the modules themselves are loaded in beforeAll, once the settings are in place.
import type { db, pool } from "@/lib/db/client";
import type { prepareTurn } from "@/lib/chat/prepare-turn";
import type { streamTurn } from "@/lib/chat/stream-turn";
import type { stopGeneration } from "@/lib/chat/stop-generation";

// The real chat pipeline (what POST /api/chat runs) against a real OpenAI-compatible HTTP server and
// the built-in offline model, on a real database.
let fake: FakeOpenAI;
let lib: {
  db: typeof db;
  pool: typeof pool;
  prepareTurn: typeof prepareTurn;
  streamTurn: typeof streamTurn;
  stopGeneration: typeof stopGeneration;
};

beforeAll(async () => {
  fake = await startFakeOpenAI();
  // Settings are read on first use, so they can still be set here.
  process.env.OPENAI_COMPATIBLE_BASE_URL = fake.url;
  process.env.OPENAI_COMPATIBLE_MODELS = "fake-model";
  process.env.DEFAULT_MODEL = "fake-model";
  process.env.CHAT_MAX_MESSAGE_CHARS = "1000";
  process.env.CHAT_RATE_LIMIT_PER_MINUTE = "20";
  lib = {
    db: (await import("@/lib/db/client")).db,
    pool: (await import("@/lib/db/client")).pool,
    prepareTurn: (await import("@/lib/chat/prepare-turn")).prepareTurn,
    streamTurn: (await import("@/lib/chat/stream-turn")).streamTurn,
    stopGeneration: (await import("@/lib/chat/stop-generation")).stopGeneration,
  };
});
afterAll(async () => fake.close());
beforeEach(async () => {
  await resetDatabase();
  fake.setScenario({
    words: 12,
    chunkDelayMs: 2,
    wordsPerChunk: 1,
    failWith: undefined,
    cutAfterChunks: undefined,
    text: undefined,
  });
});

type Maybe<T> = T | null | undefined | false;

async function waitFor<T>(check: () => Maybe<T> | Promise<Maybe<T>>, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 25));
  }
}

function submit(conversationId: string | null, parentId: string | null, text: string, extra: object = {}) {
  return { trigger: "submit", conversationId, parentId, message: { id: randomUUID(), text }, ...extra };
}

describe("chat pipeline", () => {
  it("saves the question before calling the model, then the answer with its model, usage and timings", async () => {
    const { actor, user } = await createUser();
    fake.setScenario({ text: "Hello from the fake model." });
    const turn = await lib.prepareTurn(actor, submit(null, null, "Say hello, please"));
    const question = await lib.db().message.findUniqueOrThrow({ where: { id: turn.userMessageId } });
    expect(question).toMatchObject({ role: "user", text: "Say hello, please" });
    expect(fake.requests).toHaveLength(0);

    const chunks = await readAll(lib.streamTurn(turn));
    expect(textOf(chunks)).toBe("Hello from the fake model.");
    expect(chunks[0]).toMatchObject({
      type: "start",
      messageMetadata: { conversationId: turn.conversationId },
    });

    const answer = await lib.db().message.findUniqueOrThrow({ where: { id: turn.assistantId } });
    expect(answer).toMatchObject({
      role: "assistant",
      parentId: turn.userMessageId,
      status: "complete",
      text: "Hello from the fake model.",
      modelId: "fake-model",
      provider: "openai-compatible",
      finishReason: "stop",
    });
    expect(answer.outputTokens).toBeGreaterThan(0);
    expect(answer.timeToFirstTokenMs).toBeGreaterThanOrEqual(0);
    expect(answer.durationMs).toBeGreaterThanOrEqual(answer.timeToFirstTokenMs!);
    const conversation = await lib
      .db()
      .conversation.findUniqueOrThrow({ where: { id: turn.conversationId } });
    expect(conversation).toMatchObject({ userId: user.id, currentLeafId: turn.assistantId });
    expect(conversation.title.length).toBeGreaterThan(0);
  });

  it("sends the system prompt first and only the branch that leads to the question", async () => {
    const { actor } = await createUser();
    fake.setScenario({ text: "first answer" });
    const t1 = await lib.prepareTurn(actor, submit(null, null, "question one"));
    await readAll(lib.streamTurn(t1));
    await lib
      .db()
      .conversation.update({ where: { id: t1.conversationId }, data: { systemPrompt: "Be brief." } });

    fake.setScenario({ text: "second version" });
    const regen = await lib.prepareTurn(actor, {
      trigger: "regenerate",
      conversationId: t1.conversationId,
      parentId: t1.userMessageId,
    });
    await readAll(lib.streamTurn(regen));
    const siblings = await lib.db().message.count({ where: { parentId: t1.userMessageId } });
    expect(siblings).toBe(2);

    fake.setScenario({ text: "follow-up answer" });
    const t2 = await lib.prepareTurn(actor, submit(t1.conversationId, regen.assistantId, "question two"));
    await readAll(lib.streamTurn(t2));
    const body = fake.requests.at(-1)!.body as { messages: { role: string; content: unknown }[] };
    expect(
      body.messages.map((m) => [
        m.role,
        typeof m.content === "string" ? m.content : JSON.stringify(m.content),
      ]),
    ).toEqual([
      ["system", "Be brief."],
      ["user", "question one"],
      ["assistant", "second version"],
      ["user", "question two"],
    ]);
  });

  it("trims the branch to the model's budget in real tokens, as the composer's meter counts them", async () => {
    const { actor } = await createUser();
    // "hello" then " hello" × 4,999: 5,000 tokens (cl100k_base) in 29,999 characters, which the
    // old four-characters-per-token estimate put at 7,504.
    const words = (n: number) => `hello${" hello".repeat(n - 1)}`;
    fake.setScenario({ text: words(5_000), chunkDelayMs: 0, wordsPerChunk: 500 });
    const t1 = await lib.prepareTurn(actor, submit(null, null, "question one"));
    await readAll(lib.streamTurn(t1));
    // The offline model's window is 8,192 tokens: 6,144 for the conversation, the rest for the answer.
    const kept = await lib.prepareTurn(actor, {
      ...submit(t1.conversationId, t1.assistantId, "question two"),
      modelId: OFFLINE_MODEL_ID,
    });
    expect(kept.droppedCount).toBe(0);
    expect(kept.history.map((m) => m.text.length)).toEqual([
      "question one".length,
      29_999,
      "question two".length,
    ]);
    await readAll(lib.streamTurn(kept));

    fake.setScenario({ text: words(6_500) });
    // Back to the model with the big window for the next answer (the conversation follows the last pick).
    const t3 = await lib.prepareTurn(actor, {
      ...submit(t1.conversationId, kept.assistantId, "question three"),
      modelId: "fake-model",
    });
    await readAll(lib.streamTurn(t3));
    const trimmed = await lib.prepareTurn(actor, {
      ...submit(t1.conversationId, t3.assistantId, "question four"),
      modelId: OFFLINE_MODEL_ID,
    });
    // 6,500 tokens no longer fit: everything before the question is left out (never a gap).
    expect(trimmed.history.map((m) => m.text)).toEqual(["question four"]);
    expect(trimmed.droppedCount).toBe(6);
  });

  it("an edit is a new branch beside the original question", async () => {
    const { actor } = await createUser();
    const t1 = await lib.prepareTurn(actor, submit(null, null, "original"));
    await readAll(lib.streamTurn(t1));
    const edit = await lib.prepareTurn(actor, submit(t1.conversationId, null, "edited", { edit: true }));
    await readAll(lib.streamTurn(edit));
    const roots = await lib.db().message.findMany({
      where: { conversationId: t1.conversationId, parentId: null },
      orderBy: { createdAt: "asc" },
    });
    expect(roots.map((r) => r.text)).toEqual(["original", "edited"]);
  });

  it("finishes and stores the answer when the browser goes away mid-stream", async () => {
    const { actor } = await createUser();
    fake.setScenario({ words: 40, chunkDelayMs: 5 });
    const turn = await lib.prepareTurn(actor, submit(null, null, "long one"));
    const reader = lib.streamTurn(turn).getReader();
    await reader.read();
    await reader.cancel();
    const saved = await waitFor(async () => {
      const row = await lib.db().message.findUniqueOrThrow({ where: { id: turn.assistantId } });
      return row.status === "complete" ? row : null;
    });
    expect(saved.text.trim().split(/\s+/)).toHaveLength(40);
  });

  it("Stop aborts the upstream request and keeps the partial answer as stopped", async () => {
    const { actor } = await createUser();
    fake.setScenario({ words: 200, chunkDelayMs: 20 });
    const turn = await lib.prepareTurn(actor, submit(null, null, "stop me"));
    const chunks: Chunk[] = [];
    const reading = (async () => {
      for await (const chunk of events(lib.streamTurn(turn))) {
        chunks.push(chunk);
        if (chunks.filter((c) => c.type === "text-delta").length === 5) {
          await lib.stopGeneration(actor, { messageId: turn.assistantId });
        }
      }
    })();
    await reading;
    const row = await lib.db().message.findUniqueOrThrow({ where: { id: turn.assistantId } });
    expect(row.status).toBe("stopped");
    expect(row.text.length).toBeGreaterThan(0);
    expect(row.text.trim().split(/\s+/).length).toBeLessThan(200);
    expect(chunks.at(-1)).toMatchObject({ type: "finish", messageMetadata: { status: "stopped" } });
    await waitFor(() => fake.requests.at(-1)?.aborted === true);
  });

  it("a Stop pressed on another instance (the row marked stopped) ends the generation at its next save", async () => {
    const { actor } = await createUser();
    fake.setScenario({ words: 200, chunkDelayMs: 20 });
    const turn = await lib.prepareTurn(actor, submit(null, null, "stop me from elsewhere"));
    let marked = false;
    for await (const chunk of events(lib.streamTurn(turn))) {
      if (!marked && chunk.type === "text-delta") {
        marked = true;
        // What stopGeneration does when the answer is not generated in its own process.
        await lib.db().message.update({ where: { id: turn.assistantId }, data: { status: "stopped" } });
      }
    }
    const row = await lib.db().message.findUniqueOrThrow({ where: { id: turn.assistantId } });
    expect(row.status).toBe("stopped");
    // 200 words at 20 ms take 4 s; the periodic save (every second) must have stopped it well before.
    expect(row.text.trim().split(/\s+/).length).toBeLessThan(150);
    await waitFor(() => fake.requests.at(-1)?.aborted === true);
  });

  it("a 429 keeps the question, stores the failed answer as error and says when to retry", async () => {
    const { actor } = await createUser();
    fake.setScenario({
      failWith: { status: 429, headers: { "retry-after": "17" }, body: { error: { message: "slow down" } } },
    });
    const turn = await lib.prepareTurn(actor, submit(null, null, "rate limited"));
    const chunks = await readAll(lib.streamTurn(turn));
    expect(chunks.find((c) => c.type === "error")?.errorText).toMatch(/Try again in 17 s/);
    const [question, answer] = await Promise.all([
      lib.db().message.findUniqueOrThrow({ where: { id: turn.userMessageId } }),
      lib.db().message.findUniqueOrThrow({ where: { id: turn.assistantId } }),
    ]);
    expect(question.text).toBe("rate limited");
    expect(answer).toMatchObject({ status: "error" });
    expect(answer.error).toMatch(/rate-limiting/);
    expect(answer.error).not.toMatch(/slow down|127\.0\.0\.1/);
  });

  it("a stream cut mid-way keeps what was streamed, with status error", async () => {
    const { actor } = await createUser();
    fake.setScenario({ words: 50, chunkDelayMs: 2, cutAfterChunks: 6 });
    const turn = await lib.prepareTurn(actor, submit(null, null, "cut"));
    await readAll(lib.streamTurn(turn));
    const answer = await lib.db().message.findUniqueOrThrow({ where: { id: turn.assistantId } });
    expect(answer.status).toBe("error");
    expect(answer.text.length).toBeGreaterThan(0);
  });

  it("works with the offline model and varies its answer on regenerate", async () => {
    const { actor } = await createUser();
    const t1 = await lib.prepareTurn(
      actor,
      submit(null, null, "Explain streaming", { modelId: "offline-demo" }),
    );
    const first = textOf(await readAll(lib.streamTurn(t1)));
    expect(first).toMatch(/offline demo/i);
    const t2 = await lib.prepareTurn(actor, {
      trigger: "regenerate",
      conversationId: t1.conversationId,
      parentId: t1.userMessageId,
      modelId: "offline-demo",
    });
    const second = textOf(await readAll(lib.streamTurn(t2)));
    const t3 = await lib.prepareTurn(actor, {
      trigger: "regenerate",
      conversationId: t1.conversationId,
      parentId: t1.userMessageId,
      modelId: "offline-demo",
    });
    const third = textOf(await readAll(lib.streamTurn(t3)));
    // Each answer has its own random seed; two rare collisions in a row would be a bug.
    expect(new Set([first, second, third]).size).toBeGreaterThan(1);
    const row = await lib.db().message.findUniqueOrThrow({ where: { id: t2.assistantId } });
    expect(row).toMatchObject({ status: "complete", modelId: "offline-demo", provider: "offline" });
    expect(row.outputTokens).toBeGreaterThan(0);
  });

  it("refuses a message over the limit (413) and saves nothing", async () => {
    const { actor } = await createUser();
    const refused = lib.prepareTurn(actor, submit(null, null, "x".repeat(1001)));
    await expect(refused).rejects.toMatchObject({ code: "PAYLOAD_TOO_LARGE" });
    await expect(refused).rejects.toThrow(/limited to 1,000 characters; this one has 1,001/);
    expect(await lib.db().message.count()).toBe(0);
    expect(await lib.db().conversation.count()).toBe(0);
  });

  it("rate-limits each user and says when to try again", async () => {
    const { actor } = await createUser();
    fake.setScenario({ words: 1, chunkDelayMs: 0 });
    const t1 = await lib.prepareTurn(actor, submit(null, null, "one"));
    await readAll(lib.streamTurn(t1));
    await lib.db().rateLimit.update({ where: { key: `chat:${t1.userId}` }, data: { count: 20 } });
    const limited = lib.prepareTurn(actor, submit(t1.conversationId, t1.assistantId, "two"));
    await expect(limited).rejects.toMatchObject({ code: "RATE_LIMITED" });
    await expect(limited).rejects.toThrow(/Try again in \d+ s/);
    const other = await createUser();
    await expect(lib.prepareTurn(other.actor, submit(null, null, "not limited"))).resolves.toBeTruthy();
  });

  it("a new chat is written whole or not at all: a resent message or a disabled account leaves nothing", async () => {
    const { actor } = await createUser();
    const first = submit(null, null, "only once");
    const turn = await lib.prepareTurn(actor, first);
    await readAll(lib.streamTurn(turn));
    await expect(lib.prepareTurn(actor, first)).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(
      lib.prepareTurn(
        actor,
        submit(turn.conversationId, turn.assistantId, "again", { message: first.message }),
      ),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await lib.db().conversation.count()).toBe(1);
    expect(await lib.db().message.count()).toBe(2);

    const disabled = await createUser({ disabled: true });
    await expect(lib.prepareTurn(disabled.actor, submit(null, null, "let me in"))).rejects.toMatchObject({
      code: "UNAUTHENTICATED",
    });
    expect(await lib.db().conversation.count()).toBe(1);
    expect(await lib.db().rateLimit.count({ where: { key: `chat:${disabled.user.id}` } })).toBe(0);
  });

  it("stores every answer after its question, with the user's custom instructions as a new chat's system prompt", async () => {
    const { actor, user } = await createUser();
    await lib.db().user.update({ where: { id: user.id }, data: { customInstructions: "Answer in French." } });
    fake.setScenario({ words: 2, chunkDelayMs: 0 });
    const t1 = await lib.prepareTurn(actor, submit(null, null, "Bonjour"));
    expect(t1.system).toBe("Answer in French.");
    await readAll(lib.streamTurn(t1));
    const t2 = await lib.prepareTurn(actor, submit(t1.conversationId, t1.assistantId, "Encore"));
    await readAll(lib.streamTurn(t2));
    const regen = await lib.prepareTurn(actor, {
      trigger: "regenerate",
      conversationId: t1.conversationId,
      parentId: t2.userMessageId,
    });
    await readAll(lib.streamTurn(regen));
    const rows = await lib.db().message.findMany({ where: { conversationId: t1.conversationId } });
    const byId = new Map(rows.map((row) => [row.id, row]));
    for (const row of rows.filter((r) => r.parentId)) {
      expect(row.createdAt.getTime()).toBeGreaterThan(byId.get(row.parentId!)!.createdAt.getTime());
    }
    const conversation = await lib.db().conversation.findUniqueOrThrow({ where: { id: t1.conversationId } });
    expect(conversation).toMatchObject({
      systemPrompt: "Answer in French.",
      currentLeafId: regen.assistantId,
    });
    expect(fake.requests.at(-1)!.body).toMatchObject({
      messages: [
        { role: "system", content: "Answer in French." },
        { role: "user", content: "Bonjour" },
        { role: "assistant" },
        { role: "user", content: "Encore" },
      ],
    });
  });

  it("keeps working when the pool replaces its connection (the embedded database keeps one session)", async () => {
    const { actor } = await createUser();
    fake.setScenario({ words: 2, chunkDelayMs: 0 });
    const t1 = await lib.prepareTurn(actor, submit(null, null, "before"));
    await readAll(lib.streamTurn(t1));
    // What the pool does to an idle or broken connection: close it, and open a new one when needed.
    const client = await lib.pool().connect();
    client.release(true);
    await new Promise((resolve) => setTimeout(resolve, 300)); // the embedded server sees the close
    const t2 = await lib.prepareTurn(actor, submit(null, null, "after"));
    expect(textOf(await readAll(lib.streamTurn(t2))).length).toBeGreaterThan(0);
  });

  it("another user's conversation and messages are not found", async () => {
    const owner = await createUser();
    const stranger = await createUser();
    const t1 = await lib.prepareTurn(owner.actor, submit(null, null, "mine"));
    await readAll(lib.streamTurn(t1));
    await expect(
      lib.prepareTurn(stranger.actor, submit(t1.conversationId, t1.assistantId, "hijack")),
    ).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(
      lib.prepareTurn(stranger.actor, {
        trigger: "regenerate",
        conversationId: t1.conversationId,
        parentId: t1.userMessageId,
      }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(lib.stopGeneration(stranger.actor, { messageId: t1.assistantId })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(lib.prepareTurn(null, submit(null, null, "anonymous"))).rejects.toMatchObject({
      code: "UNAUTHENTICATED",
    });
  });
});
