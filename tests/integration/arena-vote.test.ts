import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startFakeOpenAI, type FakeOpenAI } from "../helpers/fake-openai";
import { createUser } from "../helpers/factories";
import { resetDatabase } from "../helpers/reset";
import type { Actor } from "@/lib/auth/actor";
import type { db } from "@/lib/db/client";
import type { voteArena } from "@/lib/arena/vote";
import type { startPlaygroundRun } from "@/lib/playground/start-run";
import type { streamPlaygroundRun } from "@/lib/playground/run-stream";
import type { rateMessage } from "@/lib/feedback/rate";
import type { exportLines, exporterOptions } from "@/lib/export/pipeline/export-lines";
import type { exportInput } from "@/lib/export/export-input";
import type { parseInput } from "@/lib/errors/parse-input";

// The vote after a playground Compare, stored as comparisons with source `arena` through the real
// run path (lib/playground) and a real database; and the playground's answers in the rest of the
// flywheel: rated like chat answers, exported under the consent rule.
let fake: FakeOpenAI;
let lib: {
  db: typeof db;
  voteArena: typeof voteArena;
  startPlaygroundRun: typeof startPlaygroundRun;
  streamPlaygroundRun: typeof streamPlaygroundRun;
  rateMessage: typeof rateMessage;
  exportLines: typeof exportLines;
  exporterOptions: typeof exporterOptions;
  exportInput: typeof exportInput;
  parseInput: typeof parseInput;
};

beforeAll(async () => {
  fake = await startFakeOpenAI();
  process.env.OPENAI_COMPATIBLE_BASE_URL = fake.url;
  process.env.OPENAI_COMPATIBLE_MODELS = "fake-model,fake-two,fake-three";
  process.env.DEFAULT_MODEL = "fake-model";
  process.env.CHAT_RATE_LIMIT_PER_MINUTE = "100";
  process.env.FEEDBACK_RATE_LIMIT_PER_MINUTE = "100";
  lib = {
    db: (await import("@/lib/db/client")).db,
    voteArena: (await import("@/lib/arena/vote")).voteArena,
    startPlaygroundRun: (await import("@/lib/playground/start-run")).startPlaygroundRun,
    streamPlaygroundRun: (await import("@/lib/playground/run-stream")).streamPlaygroundRun,
    rateMessage: (await import("@/lib/feedback/rate")).rateMessage,
    exportLines: (await import("@/lib/export/pipeline/export-lines")).exportLines,
    exporterOptions: (await import("@/lib/export/pipeline/export-lines")).exporterOptions,
    exportInput: (await import("@/lib/export/export-input")).exportInput,
    parseInput: (await import("@/lib/errors/parse-input")).parseInput,
  };
});
afterAll(async () => {
  await fake.close();
});
beforeEach(async () => {
  await resetDatabase();
  fake.setScenario({ words: 6, chunkDelayMs: 1 });
});

/** A finished Compare of `models` by `actor`: the answer ids in column order. */
async function compare(actor: Actor, models: string[]) {
  const run = await lib.startPlaygroundRun(actor, {
    models,
    systemPrompt: "",
    messages: [{ role: "user", content: "Name a colour." }],
    params: {},
  });
  await new Response(lib.streamPlaygroundRun(run)).text();
  return { ...run, ids: run.turns.map((t) => t.assistantId) };
}

const comparisons = () =>
  lib.db().comparison.findMany({
    select: {
      answerAId: true,
      answerBId: true,
      preferredId: true,
      bothBad: true,
      source: true,
      modelA: true,
      modelB: true,
      userId: true,
      promptId: true,
    },
  });

const pairKey = (x: string, y: string) => (x < y ? `${x}:${y}` : `${y}:${x}`);

describe("the arena vote", () => {
  it("stores 'A is better' between two answers with the models frozen, and can be changed to a tie or both bad", async () => {
    const { actor, user } = await createUser();
    const run = await compare(actor, ["fake-model", "offline-demo"]);
    const [a, b] = run.ids as [string, string];
    await lib.voteArena(actor, { answerIds: [a, b], verdict: "best", bestId: a });
    let rows = await comparisons();
    expect(rows).toHaveLength(1);
    const ordered =
      a < b
        ? { A: a, B: b, mA: "fake-model", mB: "offline-demo" }
        : { A: b, B: a, mA: "offline-demo", mB: "fake-model" };
    expect(rows[0]).toEqual({
      answerAId: ordered.A,
      answerBId: ordered.B,
      preferredId: a,
      bothBad: false,
      source: "arena",
      modelA: ordered.mA,
      modelB: ordered.mB,
      userId: user.id,
      promptId: run.promptId,
    });

    await lib.voteArena(actor, { answerIds: [a, b], verdict: "tie" });
    rows = await comparisons();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ preferredId: null, bothBad: false, source: "arena" });

    await lib.voteArena(actor, { answerIds: [a, b], verdict: "both-bad" });
    rows = await comparisons();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ preferredId: null, bothBad: true, source: "arena" });
  });

  it("maps the best of four to three pairs won by it, and a changed vote leaves no stale pair", async () => {
    const { actor } = await createUser();
    const run = await compare(actor, ["fake-model", "fake-two", "fake-three", "offline-demo"]);
    const [a, b, c, d] = run.ids as [string, string, string, string];
    await lib.voteArena(actor, { answerIds: run.ids, verdict: "best", bestId: c });
    let rows = await comparisons();
    expect(new Set(rows.map((r) => pairKey(r.answerAId, r.answerBId)))).toEqual(
      new Set([pairKey(a, c), pairKey(b, c), pairKey(c, d)]),
    );
    expect(rows.every((r) => r.preferredId === c && !r.bothBad && r.source === "arena")).toBe(true);

    await lib.voteArena(actor, { answerIds: run.ids, verdict: "best", bestId: b });
    rows = await comparisons();
    expect(new Set(rows.map((r) => pairKey(r.answerAId, r.answerBId)))).toEqual(
      new Set([pairKey(a, b), pairKey(b, c), pairKey(b, d)]),
    );
    expect(rows.every((r) => r.preferredId === b)).toBe(true);

    await lib.voteArena(actor, { answerIds: run.ids, verdict: "tie" });
    rows = await comparisons();
    expect(rows).toHaveLength(6);
    expect(rows.every((r) => r.preferredId === null && !r.bothBad)).toBe(true);
  });

  it("is not found on someone else's run, and writes nothing (not even the rate-limit counter)", async () => {
    const owner = await createUser();
    const other = await createUser();
    const run = await compare(owner.actor, ["fake-model", "offline-demo"]);
    const before = await lib.db().rateLimit.count();
    await expect(
      lib.voteArena(other.actor, { answerIds: run.ids, verdict: "best", bestId: run.ids[0] }),
    ).rejects.toMatchObject({ code: "NOT_FOUND", message: "Answers not found." });
    const admin = await createUser({ role: "ADMIN" });
    await expect(lib.voteArena(admin.actor, { answerIds: run.ids, verdict: "tie" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    expect(await lib.db().comparison.count()).toBe(0);
    expect(await lib.db().rateLimit.count()).toBe(before);
  });

  it("refuses answers that are not siblings of one playground run, or still streaming", async () => {
    const { actor } = await createUser();
    const one = await compare(actor, ["fake-model", "offline-demo"]);
    const two = await compare(actor, ["fake-model", "offline-demo"]);
    await expect(
      lib.voteArena(actor, { answerIds: [one.ids[0]!, two.ids[1]!], verdict: "tie" }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await lib.db().message.update({ where: { id: one.ids[1]! }, data: { status: "streaming" } });
    await expect(lib.voteArena(actor, { answerIds: one.ids, verdict: "tie" })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    // A chat conversation's regenerations are compared with "better or worse?", not the arena vote.
    await lib.db().conversation.update({ where: { id: two.conversationId }, data: { source: "chat" } });
    await expect(lib.voteArena(actor, { answerIds: two.ids, verdict: "tie" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    for (const bad of [
      { answerIds: [one.ids[0]], verdict: "tie" },
      { answerIds: one.ids, verdict: "best" },
      { answerIds: one.ids, verdict: "best", bestId: two.ids[0] },
      { answerIds: one.ids, verdict: "maybe" },
    ]) {
      await expect(lib.voteArena(actor, bad)).rejects.toMatchObject({ code: "VALIDATION" });
    }
    expect(await lib.db().comparison.count()).toBe(0);
  });
});

describe("playground answers in the flywheel", () => {
  it("are rated like chat answers and exported with the playground's source, under the consent rule", async () => {
    const { actor, user } = await createUser();
    const run = await compare(actor, ["fake-model"]);
    expect(await lib.rateMessage(actor, { messageId: run.ids[0], rating: "up" })).toMatchObject({
      rating: "up",
    });

    const exported = async () => {
      const req = lib.parseInput(lib.exportInput, { format: "raw", source: "playground" });
      let text = "";
      for await (const chunk of lib.exportLines(req.filters, lib.exporterOptions(req))) {
        if (chunk.kind !== "summary") for (const { line } of chunk.lines) text += line;
      }
      return text.split("\n").filter(Boolean);
    };
    const lines = await exported();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("Name a colour.");

    // Consent withdrawn: the run is no longer exported.
    await lib.db().user.update({ where: { id: user.id }, data: { trainingConsent: false } });
    expect(await exported()).toHaveLength(0);
  });
});
