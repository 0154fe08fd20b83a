import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startFakeOpenAI, type FakeOpenAI } from "../helpers/fake-openai";
import { createUser } from "../helpers/factories";
import { resetDatabase } from "../helpers/reset";
import { followStream } from "../helpers/follow-stream";
import { waitUntil } from "../helpers/redis-wait";
import { readAll, textOf } from "../helpers/ui-stream";
import type { db } from "@/lib/db/client";
import type { prepareTurn } from "@/lib/chat/prepare-turn";
import type { streamTurn } from "@/lib/chat/stream-turn";
import type { stopGeneration } from "@/lib/chat/stop-generation";
import type { followResentQuestion, resumeAnswer } from "@/lib/chat/live/resume-answer";
import type { localLiveCount } from "@/lib/chat/live/live-local";

// An answer opened again while it is generated (a reload, another tab, a broken stream), without
// Redis: from this process's live record when it generates the answer, else from the database's
// partial text, saved every second by the instance that does. The real pipeline, a real database.
let fake: FakeOpenAI;
let lib: {
  db: typeof db;
  prepareTurn: typeof prepareTurn;
  streamTurn: typeof streamTurn;
  stopGeneration: typeof stopGeneration;
  resumeAnswer: typeof resumeAnswer;
  followResentQuestion: typeof followResentQuestion;
  localLiveCount: typeof localLiveCount;
};

beforeAll(async () => {
  fake = await startFakeOpenAI();
  process.env.OPENAI_COMPATIBLE_BASE_URL = fake.url;
  process.env.OPENAI_COMPATIBLE_MODELS = "fake-model";
  process.env.DEFAULT_MODEL = "fake-model";
  process.env.TITLE_GENERATION = "off";
  lib = {
    db: (await import("@/lib/db/client")).db,
    prepareTurn: (await import("@/lib/chat/prepare-turn")).prepareTurn,
    streamTurn: (await import("@/lib/chat/stream-turn")).streamTurn,
    stopGeneration: (await import("@/lib/chat/stop-generation")).stopGeneration,
    resumeAnswer: (await import("@/lib/chat/live/resume-answer")).resumeAnswer,
    followResentQuestion: (await import("@/lib/chat/live/resume-answer")).followResentQuestion,
    localLiveCount: (await import("@/lib/chat/live/live-local")).localLiveCount,
  };
});
afterAll(async () => fake.close());
beforeEach(async () => {
  await resetDatabase();
  fake.setScenario({ words: 12, chunkDelayMs: 2, firstChunkDelayMs: undefined, text: undefined });
});

const submit = (text: string) => ({
  trigger: "submit",
  conversationId: null,
  parentId: null,
  message: { id: randomUUID(), text },
});
const answerRow = (id: string) => lib.db().message.findUniqueOrThrow({ where: { id } });
/** What the generating instance's one-second save writes. */
const saveText = (id: string, text: string, ago = "0 seconds") =>
  lib.db().$executeRaw`UPDATE "Message" SET "text" = ${text},
    "updatedAt" = (now() AT TIME ZONE 'UTC') - ${ago}::interval WHERE "id" = ${id}::uuid`;

describe("an answer generated in this process, opened again", () => {
  it("gets the text so far at once, then every piece live, ending as stored", async () => {
    const { actor } = await createUser();
    fake.setScenario({ words: 80, chunkDelayMs: 25 }); // About 2 s of answer.
    const sent = fake.requests.length;
    const turn = await lib.prepareTurn(actor, submit("a long one"));
    const original = readAll(lib.streamTurn(turn));
    await waitUntil(() => (fake.requests[sent]?.chunksSent ?? 0) >= 20);

    const resumed = followStream(await lib.resumeAnswer(actor, { messageId: turn.assistantId }));
    // The text so far comes as one piece, at once, though the database has not been saved yet this second.
    await waitUntil(() => resumed.text().length > 0, 500);
    const firstPiece = resumed.text();
    expect(firstPiece.split(" ").length).toBeGreaterThanOrEqual(20);
    const chunks = await resumed.done;
    await original;

    const row = await answerRow(turn.assistantId);
    expect(row.status).toBe("complete");
    expect(chunks[0]).toMatchObject({
      type: "start",
      messageId: turn.assistantId,
      messageMetadata: { conversationId: turn.conversationId, status: "streaming", modelId: "fake-model" },
    });
    expect(textOf(chunks)).toBe(row.text);
    // Live: the rest came in many pieces as the model produced them, not as one at the end.
    expect(chunks.filter((c) => c.type === "text-delta").length).toBeGreaterThan(20);
    expect(chunks.at(-1)).toMatchObject({
      type: "finish",
      messageMetadata: { status: "complete", outputTokens: 80 },
    });
    expect(lib.localLiveCount()).toBe(0);
  });

  it("stopped from the second tab: both streams end as stopped, with the same text", async () => {
    const { actor } = await createUser();
    fake.setScenario({ words: 400, chunkDelayMs: 20 });
    const sent = fake.requests.length;
    const turn = await lib.prepareTurn(actor, submit("go on and on"));
    const original = readAll(lib.streamTurn(turn));
    await waitUntil(() => (fake.requests[sent]?.chunksSent ?? 0) >= 5);
    const resumed = followStream(await lib.resumeAnswer(actor, { messageId: turn.assistantId }));
    await waitUntil(() => resumed.text().length > 0, 500);
    await lib.stopGeneration(actor, { messageId: turn.assistantId });

    const [first, second] = await Promise.all([original, resumed.done]);
    expect(first.at(-1)).toMatchObject({ type: "finish", messageMetadata: { status: "stopped" } });
    expect(second.at(-1)).toMatchObject({ type: "finish", messageMetadata: { status: "stopped" } });
    expect(textOf(second)).toBe(textOf(first));
    expect(fake.requests[sent]!.chunksSent).toBeLessThan(200);
  });
});

describe("an answer generated by another instance, opened here", () => {
  it("gets the database's partial text, then each later save, then the end", async () => {
    const { actor } = await createUser();
    // Prepared (its row is "streaming") but generated elsewhere: nothing runs in this process.
    const turn = await lib.prepareTurn(actor, submit("generated elsewhere"));
    await saveText(turn.assistantId, "The first part");

    const resumed = followStream(await lib.resumeAnswer(actor, { messageId: turn.assistantId }));
    await waitUntil(() => resumed.text() === "The first part", 1_000);
    await saveText(turn.assistantId, "The first part and more");
    const caughtUp = await waitUntil(() => resumed.text() === "The first part and more", 3_000);
    expect(caughtUp).toBeLessThan(2_500); // Read about once a second.

    await lib.db().message.update({
      where: { id: turn.assistantId },
      data: { status: "complete", text: "The first part and more, done.", outputTokens: 7, durationMs: 900 },
    });
    const chunks = await resumed.done;
    expect(textOf(chunks)).toBe("The first part and more, done.");
    expect(chunks.at(-1)).toMatchObject({
      type: "finish",
      messageMetadata: { status: "complete", outputTokens: 7, durationMs: 900 },
    });
  });

  it("whose instance died: closes it as interrupted itself, keeping the partial text", async () => {
    const { actor } = await createUser();
    const turn = await lib.prepareTurn(actor, submit("the instance will die"));
    // Saved once, then nothing for a minute: no instance is behind it.
    await saveText(turn.assistantId, "half an ans", "1 minute");

    const started = performance.now();
    const chunks = await readAll(await lib.resumeAnswer(actor, { messageId: turn.assistantId }));
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(textOf(chunks)).toBe("half an ans");
    expect(chunks.at(-2)).toMatchObject({
      type: "message-metadata",
      messageMetadata: { status: "error", error: "This answer was interrupted." },
    });
    expect(chunks.at(-1)).toMatchObject({ type: "error", errorText: "This answer was interrupted." });
    expect(await answerRow(turn.assistantId)).toMatchObject({
      status: "error",
      finishReason: "interrupted",
      text: "half an ans",
    });
  });
});

describe("an answer opened again after it ended", () => {
  it("gets the stored text and final status at once", async () => {
    const { actor } = await createUser();
    const turn = await lib.prepareTurn(actor, submit("short"));
    await readAll(lib.streamTurn(turn));
    const row = await answerRow(turn.assistantId);

    const chunks = await readAll(await lib.resumeAnswer(actor, { messageId: turn.assistantId }));
    expect(chunks.map((c) => c.type)).toEqual([
      "start",
      "text-start",
      "text-delta",
      "text-end",
      "message-metadata",
      "finish",
    ]);
    expect(textOf(chunks)).toBe(row.text);
    expect(chunks.at(-1)).toMatchObject({
      messageMetadata: { status: "complete", outputTokens: row.outputTokens },
    });
  });
});

describe("who may open an answer again", () => {
  it("nobody but its owner: someone else's, an unknown and a malformed id are not found", async () => {
    const { actor } = await createUser();
    const { actor: other } = await createUser();
    const turn = await lib.prepareTurn(actor, submit("mine"));
    for (const [who, messageId] of [
      [other, turn.assistantId],
      [actor, randomUUID()],
      [actor, "not-an-id"],
      [actor, turn.userMessageId],
    ] as const) {
      await expect(lib.resumeAnswer(who, { messageId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    }
    await expect(lib.resumeAnswer(null, { messageId: turn.assistantId })).rejects.toMatchObject({
      code: "UNAUTHENTICATED",
    });
  });
});

describe("a question sent again under the id it was stored with (a retried request)", () => {
  it("follows the answer already started for it, instead of a bare conflict", async () => {
    const { actor } = await createUser();
    fake.setScenario({ words: 60, chunkDelayMs: 20 });
    const body = submit("sent once, retried by the load balancer");
    const turn = await lib.prepareTurn(actor, body);
    const original = readAll(lib.streamTurn(turn));
    await expect(lib.prepareTurn(actor, body)).rejects.toMatchObject({ code: "CONFLICT" });

    const again = await lib.followResentQuestion(actor, { messageId: body.message.id });
    const chunks = await readAll(again!);
    const first = await original;
    expect(chunks[0]).toMatchObject({
      type: "start",
      messageId: turn.assistantId,
      messageMetadata: { conversationId: turn.conversationId, parentId: body.message.id },
    });
    expect(textOf(chunks)).toBe(textOf(first));
    expect(chunks.at(-1)).toMatchObject({ type: "finish", messageMetadata: { status: "complete" } });
    expect(await lib.db().message.count({ where: { parentId: body.message.id } })).toBe(1);
  });

  it("leaves the conflict when there is nothing of the caller's to follow", async () => {
    const { actor } = await createUser();
    const { actor: other } = await createUser();
    const body = submit("mine");
    await lib.prepareTurn(actor, body);
    expect(await lib.followResentQuestion(other, { messageId: body.message.id })).toBeUndefined();
    expect(await lib.followResentQuestion(actor, { messageId: randomUUID() })).toBeUndefined();
    expect(await lib.followResentQuestion(actor, { messageId: "not-an-id" })).toBeUndefined();
  });
});
