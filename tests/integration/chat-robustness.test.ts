import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { startFakeOpenAI, type FakeOpenAI } from "../helpers/fake-openai";
import { createUser } from "../helpers/factories";
import { resetDatabase } from "../helpers/reset";
import { readAll } from "../helpers/ui-stream";
// Types only: the modules themselves are loaded in beforeAll, once the settings are in place.
import type { db, pool } from "@/lib/db/client";
import type { prepareTurn } from "@/lib/chat/prepare-turn";
import type { streamTurn } from "@/lib/chat/stream-turn";
import type { rateMessage } from "@/lib/feedback/rate";
import type { markInterruptedAnswers } from "@/lib/chat/interrupted-answers";
import type { purgeExpiredData } from "@/lib/purge-expired-data";

// What must never leave an answer stuck or a request failing with a 500: odd model output, a failed
// save, a dead instance, the same message sent twice at once, and the purge of rate-limit windows.
// The real pipeline against a real OpenAI-compatible HTTP server, on a real database.
let fake: FakeOpenAI;
let lib: {
  db: typeof db;
  pool: typeof pool;
  prepareTurn: typeof prepareTurn;
  streamTurn: typeof streamTurn;
  rateMessage: typeof rateMessage;
  markInterruptedAnswers: typeof markInterruptedAnswers;
  purgeExpiredData: typeof purgeExpiredData;
};

beforeAll(async () => {
  fake = await startFakeOpenAI();
  process.env.OPENAI_COMPATIBLE_BASE_URL = fake.url;
  process.env.OPENAI_COMPATIBLE_MODELS = "fake-model";
  process.env.DEFAULT_MODEL = "fake-model";
  process.env.TITLE_GENERATION = "off";
  const client = await import("@/lib/db/client");
  lib = {
    db: client.db,
    pool: client.pool,
    prepareTurn: (await import("@/lib/chat/prepare-turn")).prepareTurn,
    streamTurn: (await import("@/lib/chat/stream-turn")).streamTurn,
    rateMessage: (await import("@/lib/feedback/rate")).rateMessage,
    markInterruptedAnswers: (await import("@/lib/chat/interrupted-answers")).markInterruptedAnswers,
    purgeExpiredData: (await import("@/lib/purge-expired-data")).purgeExpiredData,
  };
});
afterAll(async () => fake.close());
beforeEach(async () => {
  await resetDatabase();
  fake.setScenario({ words: 12, chunkDelayMs: 2, firstChunkDelayMs: undefined, text: undefined });
});

function submit(conversationId: string | null, parentId: string | null, text: string, id = randomUUID()) {
  return { trigger: "submit", conversationId, parentId, message: { id, text } };
}

const answerRow = (id: string) => lib.db().message.findUniqueOrThrow({ where: { id } });

describe("model output PostgreSQL cannot store as it is", () => {
  it("an answer with NUL and lone surrogates is saved complete, cleaned, and can be rated", async () => {
    const { actor } = await createUser();
    fake.setScenario({ text: "Nul\u0000 here, lone \ud800 high and \udc00 low, pair 😀 kept." });
    const turn = await lib.prepareTurn(actor, submit(null, null, "odd bytes please"));
    const chunks = await readAll(lib.streamTurn(turn));

    expect(chunks.at(-1)).toMatchObject({ type: "finish", messageMetadata: { status: "complete" } });
    const row = await answerRow(turn.assistantId);
    expect(row).toMatchObject({
      status: "complete",
      text: "Nul here, lone \ufffd high and \ufffd low, pair 😀 kept.",
      parts: [{ type: "text", text: "Nul here, lone \ufffd high and \ufffd low, pair 😀 kept." }],
    });
    await expect(
      lib.rateMessage(actor, { messageId: turn.assistantId, rating: "up" }),
    ).resolves.toMatchObject({
      rating: "up",
    });
  });

  it("a final save that fails marks the answer as an error, and the browser is told so", async () => {
    const { actor } = await createUser();
    // A real failure of the final UPDATE, whatever its cause: a trigger refuses the finished row.
    await lib.db().$executeRawUnsafe(`
      CREATE OR REPLACE FUNCTION refuse_finished_answer() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW."status" = 'complete' AND NEW."text" LIKE '%unsavable%' THEN
          RAISE EXCEPTION 'refused by the test';
        END IF;
        RETURN NEW;
      END $$`);
    await lib.db().$executeRawUnsafe(`
      CREATE TRIGGER refuse_finished_answer BEFORE UPDATE ON "Message"
      FOR EACH ROW EXECUTE FUNCTION refuse_finished_answer()`);
    try {
      fake.setScenario({ text: "an unsavable answer" });
      const turn = await lib.prepareTurn(actor, submit(null, null, "save me"));
      const chunks = await readAll(lib.streamTurn(turn));

      expect(chunks.at(-1)?.type).toBe("error");
      expect(chunks.at(-1)?.errorText).toMatch(/could not be saved/);
      expect(chunks.some((c) => c.type === "finish")).toBe(false);
      const row = await answerRow(turn.assistantId);
      expect(row.status).toBe("error");
      expect(row.error).toMatch(/could not be saved/);
    } finally {
      await lib.db().$executeRawUnsafe(`DROP TRIGGER refuse_finished_answer ON "Message"`);
      await lib.db().$executeRawUnsafe(`DROP FUNCTION refuse_finished_answer()`);
    }
  });
});

describe("answers whose instance died", () => {
  it("are marked interrupted, keeping their text; live ones are left alone", async () => {
    const { actor } = await createUser();
    const orphan = await lib.prepareTurn(actor, submit(null, null, "the instance will die"));
    const live = await lib.prepareTurn(actor, submit(null, null, "still going"));
    // The orphan's instance saved some text, then nothing for a minute.
    await lib.db().$executeRaw`UPDATE "Message" SET "text" = 'half an ans',
        "updatedAt" = (now() AT TIME ZONE 'UTC') - interval '1 minute' WHERE "id" = ${orphan.assistantId}::uuid`;

    expect(await lib.markInterruptedAnswers()).toEqual([orphan.assistantId]);
    expect(await answerRow(orphan.assistantId)).toMatchObject({
      status: "error",
      error: "This answer was interrupted.",
      finishReason: "interrupted",
      text: "half an ans",
      parts: [{ type: "text", text: "half an ans" }],
    });
    expect((await answerRow(live.assistantId)).status).toBe("streaming");
    // Now it can be rated and retried like any failed answer; a second sweep changes nothing.
    await expect(
      lib.rateMessage(actor, { messageId: orphan.assistantId, rating: "down" }),
    ).resolves.toBeTruthy();
    expect(await lib.markInterruptedAnswers()).toEqual([]);
  });

  it("a live answer whose model is silent keeps its row fresh, so the sweep leaves it alone", async () => {
    const { actor } = await createUser();
    fake.setScenario({ text: "finally, words", firstChunkDelayMs: 8_000 });
    const turn = await lib.prepareTurn(actor, submit(null, null, "think hard"));
    const done = readAll(lib.streamTurn(turn));
    await new Promise((resolve) => setTimeout(resolve, 7_000));
    // Seven seconds without a word: only the heartbeat (after 5 s of silence) keeps it younger than 3 s.
    expect(await lib.markInterruptedAnswers(3_000)).toEqual([]);
    const chunks = await done;
    expect(chunks.at(-1)).toMatchObject({ type: "finish", messageMetadata: { status: "complete" } });
    expect(await answerRow(turn.assistantId)).toMatchObject({ status: "complete", text: "finally, words" });
  }, 20_000);

  it("an answer the sweep closed while it was still running ends as interrupted, with all its text", async () => {
    const { actor } = await createUser();
    fake.setScenario({ words: 30, chunkDelayMs: 100 });
    const turn = await lib.prepareTurn(actor, submit(null, null, "slow one"));
    const done = readAll(lib.streamTurn(turn));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await lib.markInterruptedAnswers(0)).toEqual([turn.assistantId]);
    const chunks = await done;
    expect(chunks.at(-1)).toMatchObject({ type: "error", errorText: "This answer was interrupted." });
    const row = await answerRow(turn.assistantId);
    expect(row).toMatchObject({ status: "error", error: "This answer was interrupted." });
    expect(row.text.length).toBeGreaterThan(0);
  });
});

describe("the same message sent twice at once to a new chat", () => {
  it("creates one chat and answers the other request with a conflict, never a 500", async () => {
    const { actor, user } = await createUser();
    const id = randomUUID();
    if (inject("embedded")) {
      // One connection: the requests run one after the other, which is the easy case.
      const results = await Promise.allSettled(
        [1, 2, 3].map(() => lib.prepareTurn(actor, submit(null, null, "twice", id))),
      );
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      for (const r of results.filter((r) => r.status === "rejected"))
        expect(r.reason).toMatchObject({ code: "CONFLICT" });
    } else {
      // Another session holds the message id, uncommitted, when the request checks for it: the race,
      // made certain. The request waits on the primary key, then finds the id taken.
      const other = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await other.connect();
      try {
        await other.query("BEGIN");
        const conversationId = randomUUID();
        await other.query(
          `INSERT INTO "Conversation" ("id", "userId", "title", "updatedAt") VALUES ($1, $2, 'first', now())`,
          [conversationId, user.id],
        );
        await other.query(
          `INSERT INTO "Message" ("id", "conversationId", "role", "text", "updatedAt") VALUES ($1, $2, 'user', 'twice', now())`,
          [id, conversationId],
        );
        const second = lib.prepareTurn(actor, submit(null, null, "twice", id)).then(
          () => null,
          (error: unknown) => error,
        );
        await new Promise((resolve) => setTimeout(resolve, 500));
        await other.query("COMMIT");
        expect(await second).toMatchObject({ code: "CONFLICT" });
      } finally {
        await other.end();
      }
    }
    expect(await lib.db().conversation.count({ where: { userId: user.id } })).toBe(1);
    expect(await lib.db().message.count({ where: { id } })).toBe(1);
  });
});

describe("the purge", () => {
  it("deletes rate-limit windows that are over and keeps current ones", async () => {
    await lib.db().$executeRaw`INSERT INTO "RateLimit" ("key", "windowStart", "count") VALUES
        ('chat:old', now() - interval '2 days', 5), ('signin:old', now() - interval '25 hours', 3),
        ('chat:now', now(), 1), ('signin:recent', now() - interval '20 hours', 2)`;
    const purged = await lib.purgeExpiredData();
    expect(purged.rateLimits).toBe(2);
    const left = await lib.db().rateLimit.findMany({ select: { key: true }, orderBy: { key: "asc" } });
    expect(left.map((row) => row.key)).toEqual(["chat:now", "signin:recent"]);
  });
});
