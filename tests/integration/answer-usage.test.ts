import { randomUUID } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { countTokens } from "gpt-tokenizer/encoding/cl100k_base";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { startFakeOpenAI, type FakeOpenAI } from "../helpers/fake-openai";
import { createUser } from "../helpers/factories";
import { resetDatabase } from "../helpers/reset";
import { readAll, textOf } from "../helpers/ui-stream";
import type { db, pool } from "@/lib/db/client";
import type { prepareTurn } from "@/lib/chat/prepare-turn";
import type { streamTurn } from "@/lib/chat/stream-turn";
import type { stopGeneration } from "@/lib/chat/stop-generation";
import type { markInterruptedAnswers } from "@/lib/chat/interrupted-answers";
import type { getConversation } from "@/lib/chat/conversations";

// Tokens and cost of every answer, through the real pipeline against the fake OpenAI-compatible
// server and the offline model, on a real database: what is stored on the answer, and what reaches
// the daily usage rollup (exactly once per answer, whoever ends it).
let fake: FakeOpenAI;
let modelsFile: string;
let lib: {
  db: typeof db;
  pool: typeof pool;
  prepareTurn: typeof prepareTurn;
  streamTurn: typeof streamTurn;
  stopGeneration: typeof stopGeneration;
  markInterruptedAnswers: typeof markInterruptedAnswers;
  getConversation: typeof getConversation;
};

/** The fake model at $2 per 1M input tokens and $8 per 1M output tokens (cached: the input price). */
function writePrices(input: number, output: number) {
  writeFileSync(
    modelsFile,
    JSON.stringify([
      {
        id: "fake-model",
        provider: "openai-compatible",
        inputPricePerMTok: input,
        outputPricePerMTok: output,
      },
    ]),
  );
}

async function load() {
  lib = {
    db: (await import("@/lib/db/client")).db,
    pool: (await import("@/lib/db/client")).pool,
    prepareTurn: (await import("@/lib/chat/prepare-turn")).prepareTurn,
    streamTurn: (await import("@/lib/chat/stream-turn")).streamTurn,
    stopGeneration: (await import("@/lib/chat/stop-generation")).stopGeneration,
    markInterruptedAnswers: (await import("@/lib/chat/interrupted-answers")).markInterruptedAnswers,
    getConversation: (await import("@/lib/chat/conversations")).getConversation,
  };
}

beforeAll(async () => {
  fake = await startFakeOpenAI();
  modelsFile = path.join(mkdtempSync(path.join(tmpdir(), "flywheel-usage-")), "models.json");
  writePrices(2, 8);
  process.env.OPENAI_COMPATIBLE_BASE_URL = fake.url;
  process.env.OPENAI_COMPATIBLE_MODELS = "fake-model";
  process.env.MODELS_FILE = modelsFile;
  process.env.DEFAULT_MODEL = "fake-model";
  process.env.CHAT_RATE_LIMIT_PER_MINUTE = "100";
  process.env.OFFLINE_MODEL_WORD_DELAY_MS = "0";
  process.env.TITLE_GENERATION = "off";
  await load();
});
afterAll(async () => fake.close());
beforeEach(async () => {
  await resetDatabase();
  fake.setScenario({
    words: 12,
    chunkDelayMs: 2,
    failWith: undefined,
    cutAfterChunks: undefined,
    text: undefined,
    usage: undefined,
    omitUsage: false,
  });
});

function submit(text: string, extra: object = {}) {
  return {
    trigger: "submit",
    conversationId: null,
    parentId: null,
    message: { id: randomUUID(), text },
    ...extra,
  };
}

const answerRow = (id: string) =>
  lib.db().message.findUniqueOrThrow({
    where: { id },
    select: {
      status: true,
      text: true,
      inputTokens: true,
      cachedInputTokens: true,
      outputTokens: true,
      tokensEstimated: true,
      costUsd: true,
      durationMs: true,
    },
  });

async function rollup() {
  const rows = await lib.db().usageDaily.findMany({ orderBy: { modelId: "asc" } });
  return rows.map((row) => ({
    userId: row.userId,
    modelId: row.modelId,
    source: row.source,
    answers: row.answers,
    estimatedAnswers: row.estimatedAnswers,
    inputTokens: Number(row.inputTokens),
    cachedInputTokens: Number(row.cachedInputTokens),
    outputTokens: Number(row.outputTokens),
    costUsd: row.costUsd,
  }));
}

/** What the tokenizer makes of a request: 3 tokens per message beyond its text, 3 to prime the answer. */
const contextTokens = (...texts: string[]) => texts.reduce((sum, text) => sum + 3 + countTokens(text), 3);

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

describe("tokens and cost of an answer", () => {
  it("stores the provider's usage, cached input included, with its cost, and adds it to the rollup", async () => {
    const { actor, user } = await createUser();
    fake.setScenario({
      text: "Cached hello.",
      usage: { promptTokens: 1_000, completionTokens: 50, cachedTokens: 400 },
    });
    const turn = await lib.prepareTurn(actor, submit("hello"));
    const chunks = await readAll(lib.streamTurn(turn));
    const cost = (600 * 2 + 400 * 2 + 50 * 8) / 1e6;

    expect(await answerRow(turn.assistantId)).toMatchObject({
      status: "complete",
      inputTokens: 1_000,
      cachedInputTokens: 400,
      outputTokens: 50,
      tokensEstimated: false,
    });
    expect((await answerRow(turn.assistantId)).costUsd).toBeCloseTo(cost, 12);
    // The browser is told the same figures at the end of the stream.
    expect(chunks.find((c) => c.type === "finish")?.messageMetadata).toMatchObject({
      inputTokens: 1_000,
      cachedInputTokens: 400,
      outputTokens: 50,
      tokensEstimated: false,
      costUsd: cost,
    });
    expect(await rollup()).toEqual([
      {
        userId: user.id,
        modelId: "fake-model",
        source: "chat",
        answers: 1,
        estimatedAnswers: 0,
        inputTokens: 1_000,
        cachedInputTokens: 400,
        outputTokens: 50,
        costUsd: (await rollup())[0]?.costUsd,
      },
    ]);
    expect((await rollup())[0]?.costUsd).toBeCloseTo(cost, 12);
  });

  it("counts locally, marked estimated, when the provider reports no usage", async () => {
    const { actor } = await createUser();
    const answer = "Estimated answers still cost something, so they are counted here.";
    fake.setScenario({ text: answer, omitUsage: true });
    const turn = await lib.prepareTurn(actor, submit("How many tokens is this question?"));
    await readAll(lib.streamTurn(turn));

    const input = contextTokens("How many tokens is this question?");
    const output = countTokens(answer);
    const row = await answerRow(turn.assistantId);
    expect(row).toMatchObject({
      inputTokens: input,
      cachedInputTokens: 0,
      outputTokens: output,
      tokensEstimated: true,
    });
    expect(row.costUsd).toBeCloseTo((input * 2 + output * 8) / 1e6, 12);
    expect(await rollup()).toMatchObject([
      { answers: 1, estimatedAnswers: 1, inputTokens: input, outputTokens: output },
    ]);
    // What the conversation page sends to the browser.
    const conversation = await lib.getConversation(actor, turn.conversationId);
    expect(conversation.messages.find((m) => m.id === turn.assistantId)).toMatchObject({
      inputTokens: input,
      cachedInputTokens: 0,
      outputTokens: output,
      tokensEstimated: true,
      costUsd: row.costUsd,
    });
  });

  it("counts the offline model's answers locally, at no cost", async () => {
    const { actor } = await createUser();
    const turn = await lib.prepareTurn(actor, submit("Tell me about tokens", { modelId: "offline-demo" }));
    const chunks = await readAll(lib.streamTurn(turn));
    const text = textOf(chunks);
    expect(await answerRow(turn.assistantId)).toMatchObject({
      inputTokens: contextTokens("Tell me about tokens"),
      outputTokens: countTokens(text),
      tokensEstimated: true,
      costUsd: 0,
    });
    expect(await rollup()).toMatchObject([
      { modelId: "offline-demo", answers: 1, estimatedAnswers: 1, costUsd: 0 },
    ]);
  });

  it("counts the context actually sent: the system prompt and the branch", async () => {
    const { actor, user } = await createUser();
    await lib.db().user.update({ where: { id: user.id }, data: { customInstructions: "Answer in French." } });
    fake.setScenario({ text: "Bonjour.", omitUsage: true });
    const first = await lib.prepareTurn(actor, submit("Hello"));
    await readAll(lib.streamTurn(first));
    fake.setScenario({ text: "Ça va.", omitUsage: true });
    const second = await lib.prepareTurn(actor, {
      ...submit("How are you?"),
      conversationId: first.conversationId,
      parentId: first.assistantId,
    });
    await readAll(lib.streamTurn(second));
    expect((await answerRow(second.assistantId)).inputTokens).toBe(
      contextTokens("Answer in French.", "Hello", "Bonjour.", "How are you?"),
    );
  });

  it("adds nothing for a failed answer with no output and no usage", async () => {
    const { actor } = await createUser();
    fake.setScenario({ failWith: { status: 500, body: { error: { message: "boom" } } } });
    const turn = await lib.prepareTurn(actor, submit("fail please"));
    await readAll(lib.streamTurn(turn));
    expect(await answerRow(turn.assistantId)).toMatchObject({
      status: "error",
      inputTokens: null,
      outputTokens: null,
      costUsd: null,
    });
    expect(await rollup()).toEqual([]);
  });

  it("counts a failed answer that had output, once", async () => {
    const { actor } = await createUser();
    fake.setScenario({ words: 20, cutAfterChunks: 5 });
    const turn = await lib.prepareTurn(actor, submit("cut me off"));
    await readAll(lib.streamTurn(turn));
    const row = await answerRow(turn.assistantId);
    expect(row.status).toBe("error");
    expect(row).toMatchObject({ tokensEstimated: true, outputTokens: countTokens(row.text) });
    expect(row.outputTokens).toBeGreaterThan(0);
    expect(await rollup()).toMatchObject([
      { answers: 1, estimatedAnswers: 1, outputTokens: row.outputTokens },
    ]);
  });

  it("counts a stopped answer once", async () => {
    const { actor } = await createUser();
    fake.setScenario({ words: 200, chunkDelayMs: 20 });
    const sent = fake.requests.length;
    const turn = await lib.prepareTurn(actor, submit("long one"));
    const done = readAll(lib.streamTurn(turn));
    await waitFor(() => (fake.requests[sent]?.chunksSent ?? 0) >= 3);
    await lib.stopGeneration(actor, { messageId: turn.assistantId });
    await done;
    const row = await answerRow(turn.assistantId);
    expect(row).toMatchObject({
      status: "stopped",
      tokensEstimated: true,
      outputTokens: countTokens(row.text),
    });
    expect(await rollup()).toMatchObject([{ answers: 1, outputTokens: row.outputTokens }]);
  });

  it("counts an answer stopped from another instance once, by the instance that streamed it", async () => {
    const { actor } = await createUser();
    fake.setScenario({ words: 200, chunkDelayMs: 20 });
    const sent = fake.requests.length;
    const turn = await lib.prepareTurn(actor, submit("long one"));
    const done = readAll(lib.streamTurn(turn));
    await waitFor(() => (fake.requests[sent]?.chunksSent ?? 0) >= 3);
    // What Stop does on an instance that is not streaming the answer: it only changes the row.
    await lib.db().message.update({ where: { id: turn.assistantId }, data: { status: "stopped" } });
    await done;
    const row = await answerRow(turn.assistantId);
    expect(row.status).toBe("stopped");
    expect(row.outputTokens).toBe(countTokens(row.text));
    expect(row.outputTokens).toBeGreaterThan(0);
    expect(await rollup()).toMatchObject([{ answers: 1, outputTokens: row.outputTokens }]);
  });

  it("counts an answer the sweep closed once, from its saved text, even when its stream ends later", async () => {
    const { actor, user } = await createUser();
    fake.setScenario({ words: 40, chunkDelayMs: 60 });
    const turn = await lib.prepareTurn(actor, submit("slow one"));
    const done = readAll(lib.streamTurn(turn));
    // Some text flushed (once a second), then the sweep takes the answer for an orphan.
    const flushed = await waitFor(async () => (await answerRow(turn.assistantId)).text || null);
    expect(await lib.markInterruptedAnswers(0)).toEqual([turn.assistantId]);
    const swept = await answerRow(turn.assistantId);
    expect(swept).toMatchObject({
      status: "error",
      inputTokens: 0,
      outputTokens: countTokens(swept.text),
      tokensEstimated: true,
    });
    expect(swept.text.startsWith(flushed)).toBe(true);
    expect(swept.costUsd).toBeCloseTo((swept.outputTokens! * 8) / 1e6, 12);
    await done;
    // The stream's own save came later: it keeps the sweep's figures and records nothing more.
    const after = await answerRow(turn.assistantId);
    expect(after).toMatchObject({ outputTokens: swept.outputTokens, costUsd: swept.costUsd });
    expect(await rollup()).toEqual([
      expect.objectContaining({
        userId: user.id,
        answers: 1,
        inputTokens: 0,
        outputTokens: swept.outputTokens,
      }),
    ]);
  }, 20_000);

  it("keeps an answer's cost at the price in force when it was made", async () => {
    const { actor } = await createUser();
    fake.setScenario({ usage: { promptTokens: 1_000_000, completionTokens: 1_000_000 } });
    const before = await lib.prepareTurn(actor, submit("at the old price"));
    await readAll(lib.streamTurn(before));
    expect((await answerRow(before.assistantId)).costUsd).toBeCloseTo(10, 9);

    // New prices, as a fresh start of the app would read them.
    writePrices(3, 15);
    vi.resetModules();
    await load();
    const after = await lib.prepareTurn(actor, submit("at the new price"));
    await readAll(lib.streamTurn(after));

    expect((await answerRow(after.assistantId)).costUsd).toBeCloseTo(18, 9);
    expect((await answerRow(before.assistantId)).costUsd).toBeCloseTo(10, 9);
    const conversation = await lib.getConversation(actor, before.conversationId);
    expect(conversation.messages.find((m) => m.id === before.assistantId)?.costUsd).toBeCloseTo(10, 9);
    expect((await rollup())[0]?.costUsd).toBeCloseTo(28, 9);
  });
});
