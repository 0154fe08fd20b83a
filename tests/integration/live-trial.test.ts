import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startFakeOpenAI, type FakeOpenAI } from "../helpers/fake-openai";
import { createUser } from "../helpers/factories";
import { addProvider, changeRegistry } from "../helpers/registry-rows";
import { resetDatabase } from "../helpers/reset";
import { readAll } from "../helpers/ui-stream";
import type { Actor } from "@/lib/auth/actor";
// Types only: the modules are loaded in beforeAll, once the settings are in place.
import type * as Client from "@/lib/db/client";
import type * as Prepare from "@/lib/chat/prepare-turn";
import type * as Turn from "@/lib/chat/stream-turn";
import type * as Registry from "@/lib/models/registry";
import type * as Settings from "@/lib/settings/app-settings";
import type * as Trial from "@/lib/evaluation/trial/trial-settings";
import type * as Results from "@/lib/evaluation/trial/trial-results";

// The live traffic trial (docs/fine-tuning.md, "Live traffic and promotion") through the chat's real
// pipeline (prepareTurn, then streamTurn, as POST /api/chat runs them) against a real OpenAI-compatible
// HTTP server, on a real database. The settings serve "fake-model" (the default, the baseline); an
// admin provider holds "tuned-model", registered disabled with fake-model as its base, as a finished
// fine-tuning job leaves it, and an enabled "other-model".
let fake: FakeOpenAI;
let lib: typeof Client &
  typeof Prepare &
  typeof Turn &
  typeof Registry &
  typeof Settings &
  typeof Trial &
  typeof Results;

beforeAll(async () => {
  fake = await startFakeOpenAI();
  process.env.OPENAI_COMPATIBLE_BASE_URL = fake.url;
  process.env.OPENAI_COMPATIBLE_MODELS = "fake-model";
  process.env.DEFAULT_MODEL = "fake-model";
  process.env.CHAT_RATE_LIMIT_PER_MINUTE = "100000";
  lib = {
    ...(await import("@/lib/db/client")),
    ...(await import("@/lib/chat/prepare-turn")),
    ...(await import("@/lib/chat/stream-turn")),
    ...(await import("@/lib/models/registry")),
    ...(await import("@/lib/settings/app-settings")),
    ...(await import("@/lib/evaluation/trial/trial-settings")),
    ...(await import("@/lib/evaluation/trial/trial-results")),
  };
});
afterAll(async () => fake.close());
beforeEach(async () => {
  await resetDatabase();
  lib.forgetAppSettings();
  fake.setScenario({ words: 6, chunkDelayMs: 1, failWith: undefined, failTimes: undefined, text: undefined });
});

async function world() {
  await addProvider({
    baseUrl: fake.url,
    models: [
      { modelId: "tuned-model", upstreamId: "tuned-upstream", displayName: "Tuned", enabled: false },
      { modelId: "other-model", upstreamId: "other-upstream", displayName: "Other" },
    ],
  });
  await lib.db().modelConfig.update({
    where: { modelId: "tuned-model" },
    data: { lineage: { baseModel: "fake-model", datasetSha256: "ab".repeat(32), method: "sft" } },
  });
  lib.invalidateRegistry();
  const admin = await createUser({ role: "ADMIN" });
  return { admin, ...(await createUser()) };
}

const submit = (
  conversationId: string | null,
  parentId: string | null,
  text: string,
  extra: object = {},
) => ({
  trigger: "submit",
  conversationId,
  parentId,
  message: { id: randomUUID(), text },
  ...extra,
});

/** A new chat as the browser sends it: the picker's model (the default, fake-model) named. */
const newChat = (actor: Actor, extra: object = { modelId: "fake-model" }) =>
  lib.prepareTurn(actor, submit(null, null, "How do flywheels store energy?", extra));

const upstreamModels = () =>
  fake.requests
    .filter((r) => r.path.endsWith("/chat/completions"))
    .map((r) => (r.body as { model: string }).model);

describe("live trial settings", () => {
  it("defaults the baseline to the candidate's base model, audits before and after, and records the start", async () => {
    const { admin } = await world();
    const started = await lib.setLiveTrial(admin.actor, {
      candidateModelId: "tuned-model",
      sharePercent: 10,
    });
    expect(started).toMatchObject({
      candidateModelId: "tuned-model",
      baselineModelId: "fake-model",
      sharePercent: 10,
      running: true,
      stoppedAt: null,
    });
    expect(started.startedAt).toBeInstanceOf(Date);
    // A share change keeps the trial, and its start.
    const wider = await lib.setLiveTrial(admin.actor, { candidateModelId: "tuned-model", sharePercent: 30 });
    expect(wider.startedAt).toEqual(started.startedAt);
    // A stop stops the running trial, whatever stale fields the form sent with it.
    const stopped = await lib.setLiveTrial(admin.actor, {
      candidateModelId: "gone-model",
      baselineModelId: "",
      sharePercent: 0,
    });
    expect(stopped).toMatchObject({
      candidateModelId: "tuned-model",
      running: false,
      startedAt: started.startedAt,
    });
    expect(stopped.stoppedAt).toBeInstanceOf(Date);
    expect(await lib.getLiveTrial(admin.actor)).toEqual(stopped);

    const lines = await lib
      .db()
      .auditLog.findMany({ where: { action: "settings.trial" }, orderBy: { createdAt: "asc" } });
    expect(lines.map((line) => line.details)).toEqual([
      {
        before: { candidateModelId: null, baselineModelId: null, sharePercent: 0 },
        after: { candidateModelId: "tuned-model", baselineModelId: "fake-model", sharePercent: 10 },
        startedAt: started.startedAt!.toISOString(),
        stoppedAt: null,
      },
      {
        before: { candidateModelId: "tuned-model", baselineModelId: "fake-model", sharePercent: 10 },
        after: { candidateModelId: "tuned-model", baselineModelId: "fake-model", sharePercent: 30 },
        startedAt: started.startedAt!.toISOString(),
        stoppedAt: null,
      },
      {
        before: { candidateModelId: "tuned-model", baselineModelId: "fake-model", sharePercent: 30 },
        after: { candidateModelId: "tuned-model", baselineModelId: "fake-model", sharePercent: 0 },
        startedAt: started.startedAt!.toISOString(),
        stoppedAt: stopped.stoppedAt!.toISOString(),
      },
    ]);
    expect(lines.every((line) => line.actorId === admin.user.id)).toBe(true);
  });

  it("without a lineage the baseline is the default model; one trial at a time", async () => {
    const { admin } = await world();
    const trial = await lib.setLiveTrial(admin.actor, { candidateModelId: "other-model", sharePercent: 5 });
    expect(trial.baselineModelId).toBe("fake-model");
    await expect(
      lib.setLiveTrial(admin.actor, { candidateModelId: "tuned-model", sharePercent: 5 }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    await lib.setLiveTrial(admin.actor, { sharePercent: 0 });
    const next = await lib.setLiveTrial(admin.actor, { candidateModelId: "tuned-model", sharePercent: 5 });
    expect(next.startedAt!.getTime()).toBeGreaterThan(trial.startedAt!.getTime());
  });

  it("refuses bad input with plain field messages, and saves nothing", async () => {
    const { admin } = await world();
    const bad = [
      [{ candidateModelId: "tuned-model", sharePercent: 101 }, "sharePercent", "The share is at most 100 %."],
      [
        { candidateModelId: "tuned-model", sharePercent: 2.5 },
        "sharePercent",
        "The share is a whole number of percent.",
      ],
      [{ sharePercent: 10 }, "candidateModelId", "Choose the candidate model."],
      [
        { candidateModelId: "nope", sharePercent: 10 },
        "candidateModelId",
        "Choose a registered model of an enabled provider.",
      ],
      [
        { candidateModelId: "tuned-model", baselineModelId: "tuned-model", sharePercent: 10 },
        "baselineModelId",
        "The baseline must be a model users chat with (enabled, open to users).",
      ],
      [
        { candidateModelId: "other-model", baselineModelId: "other-model", sharePercent: 10 },
        "baselineModelId",
        "The baseline must be another model than the candidate.",
      ],
    ] as const;
    for (const [input, field, message] of bad) {
      await expect(lib.setLiveTrial(admin.actor, input)).rejects.toMatchObject({
        code: "VALIDATION",
        fieldErrors: { [field]: message },
      });
    }
    expect(await lib.getLiveTrial(admin.actor)).toMatchObject({ running: false, candidateModelId: null });
    expect(await lib.db().auditLog.count()).toBe(0);
  });
});

describe("live trial routing", () => {
  it("sends about its share of 400 new chats to the candidate, each answered and recorded by the model drawn", async () => {
    const { admin, actor } = await world();
    await lib.setLiveTrial(admin.actor, { candidateModelId: "tuned-model", sharePercent: 25 });
    const others = await Promise.all(Array.from({ length: 3 }, () => createUser()));
    const actors = [actor, ...others.map((o) => o.actor)];
    let candidate = 0;
    for (let i = 0; i < 400; i++) {
      const turn = await newChat(actors[i % actors.length]!);
      if (turn.info.id === "tuned-model") candidate++;
      else expect(turn.info.id).toBe("fake-model");
    }
    // Binomial(400, 0.25): mean 100, σ ≈ 8.7; ±4σ fails by chance about once in 16,000 runs.
    expect(candidate).toBeGreaterThan(65);
    expect(candidate).toBeLessThan(135);
    // The conversation and its answer both name the model drawn, so ratings are attributed to it.
    const conversations = await lib.db().conversation.groupBy({ by: ["modelId"], _count: true });
    expect(Object.fromEntries(conversations.map((c) => [c.modelId, c._count]))).toEqual({
      "tuned-model": candidate,
      "fake-model": 400 - candidate,
    });
    const answers = await lib
      .db()
      .message.groupBy({ by: ["modelId"], where: { role: "assistant" }, _count: true });
    expect(Object.fromEntries(answers.map((a) => [a.modelId, a._count]))).toEqual({
      "tuned-model": candidate,
      "fake-model": 400 - candidate,
    });
  });

  it("at 100 %, the candidate answers while disabled, keeps the conversation, and a user still cannot name it", async () => {
    const { admin, actor } = await world();
    await lib.setLiveTrial(admin.actor, { candidateModelId: "tuned-model", sharePercent: 100 });
    const turn = await newChat(actor);
    expect(turn.info.id).toBe("tuned-model");
    await readAll(lib.streamTurn(turn));
    expect(upstreamModels()).toContain("tuned-upstream");
    const answer = await lib.db().message.findUniqueOrThrow({ where: { id: turn.assistantId } });
    expect(answer).toMatchObject({ modelId: "tuned-model", status: "complete" });

    // The next turn: the browser still sends the picker's baseline (the candidate is not listed).
    const second = await lib.prepareTurn(
      actor,
      submit(turn.conversationId, turn.assistantId, "And how fast do they spin?", { modelId: "fake-model" }),
    );
    expect(second.info.id).toBe("tuned-model");
    // A regenerate naming nothing stays too.
    const again = await lib.prepareTurn(actor, {
      trigger: "regenerate",
      conversationId: turn.conversationId,
      parentId: turn.userMessageId,
    });
    expect(again.info.id).toBe("tuned-model");
    // A model the user picks is theirs: the trial does not override it.
    const picked = await lib.prepareTurn(
      actor,
      submit(turn.conversationId, turn.assistantId, "Other model please", { modelId: "other-model" }),
    );
    expect(picked.info.id).toBe("other-model");
    // Chats started on another model are not part of the trial.
    expect((await newChat(actor, { modelId: "other-model" })).info.id).toBe("other-model");
    // The disabled candidate is reachable only through the trial.
    await expect(newChat(actor, { modelId: "tuned-model" })).rejects.toMatchObject({ code: "VALIDATION" });

    await lib.setLiveTrial(admin.actor, { sharePercent: 0 });
    expect((await newChat(actor)).info.id).toBe("fake-model");
  });

  it("a new chat with no model named goes to the candidate when the baseline is the default", async () => {
    const { admin, actor } = await world();
    await lib.setLiveTrial(admin.actor, { candidateModelId: "tuned-model", sharePercent: 100 });
    expect((await newChat(actor, {})).info.id).toBe("tuned-model");
  });

  it("falls back to the baseline when the candidate is gone, for new chats and for the trial's conversations", async () => {
    const { admin, actor } = await world();
    await lib.setLiveTrial(admin.actor, { candidateModelId: "tuned-model", sharePercent: 100 });
    const turn = await newChat(actor);
    expect(turn.info.id).toBe("tuned-model");
    await readAll(lib.streamTurn(turn));
    await changeRegistry((tx) => tx.modelConfig.delete({ where: { modelId: "tuned-model" } }));
    lib.invalidateRegistry();

    const fresh = await newChat(actor);
    expect(fresh.info.id).toBe("fake-model");
    await readAll(lib.streamTurn(fresh));
    expect((await lib.db().message.findUniqueOrThrow({ where: { id: fresh.assistantId } })).status).toBe(
      "complete",
    );
    const next = await lib.prepareTurn(
      actor,
      submit(turn.conversationId, turn.assistantId, "Still there?", {}),
    );
    expect(next.info.id).toBe("fake-model");
  });

  it("a trial started on another instance routes chats here within 5 s (the settings cache keeps 4 s)", async () => {
    const { actor } = await world();
    expect((await newChat(actor)).info.id).toBe("fake-model");
    // Written behind the cache's back, as another instance would: this instance still routes by its copy…
    await lib.db().appSettings.upsert({
      where: { id: 1 },
      create: {
        id: 1,
        trialCandidateModelId: "tuned-model",
        trialBaselineModelId: "fake-model",
        trialSharePercent: 100,
      },
      update: {
        trialCandidateModelId: "tuned-model",
        trialBaselineModelId: "fake-model",
        trialSharePercent: 100,
      },
    });
    expect((await newChat(actor)).info.id).toBe("fake-model");
    // …for at most its 4 s.
    await new Promise((resolve) => setTimeout(resolve, 4_100));
    expect((await newChat(actor)).info.id).toBe("tuned-model");
  });
});

/** `count` answers by `modelId`, each rated `rating` by its user; `at` backdates answer and rating. */
async function rated(userId: string, modelId: string, rating: "up" | "down", count: number, at?: Date) {
  const conversation = await lib.db().conversation.create({ data: { userId, title: "Rated", modelId } });
  const question = await lib.db().message.create({
    data: { conversationId: conversation.id, role: "user", text: "Q" },
  });
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const answer = await lib.db().message.create({
      data: {
        conversationId: conversation.id,
        parentId: question.id,
        role: "assistant",
        text: `A${i}`,
        modelId,
        ...(at ? { createdAt: at } : {}),
      },
    });
    ids.push(answer.id);
    await lib.db().feedback.create({
      data: {
        messageId: answer.id,
        userId,
        conversationId: conversation.id,
        rating,
        modelId,
        ...(at ? { createdAt: at } : {}),
      },
    });
  }
  return { conversationId: conversation.id, promptId: question.id, ids };
}

type Verdict = "first" | "second" | "tie" | "bothBad";
/** A comparison of an answer by `first` with one by `second`, stored in that order. */
async function compared(
  userId: string,
  first: string,
  second: string,
  verdict: Verdict,
  source: "explicit" | "ratings" | "arena" | "evaluation",
) {
  const conversation = await lib.db().conversation.create({ data: { userId, title: "Pair" } });
  const prompt = await lib
    .db()
    .message.create({ data: { conversationId: conversation.id, role: "user", text: "Q" } });
  const answer = (modelId: string) =>
    lib.db().message.create({
      data: {
        conversationId: conversation.id,
        parentId: prompt.id,
        role: "assistant",
        text: modelId,
        modelId,
      },
    });
  const a = await answer(first);
  const b = await answer(second);
  await lib.db().comparison.create({
    data: {
      userId,
      conversationId: conversation.id,
      promptId: prompt.id,
      answerAId: a.id,
      answerBId: b.id,
      preferredId: verdict === "first" ? a.id : verdict === "second" ? b.id : null,
      bothBad: verdict === "bothBad",
      modelA: first,
      modelB: second,
      source,
    },
  });
}

describe("live trial results", () => {
  it("match hand-computed rates, intervals and win rate, counting only the trial's window and pair", async () => {
    const { admin, user } = await world();
    const hourAgo = new Date(Date.now() - 3_600_000);
    // Before the trial: not counted.
    await rated(user.id, "tuned-model", "down", 5, hourAgo);
    await rated(user.id, "fake-model", "up", 5, hourAgo);
    await lib.setLiveTrial(admin.actor, { candidateModelId: "tuned-model", sharePercent: 50 });
    await rated(user.id, "tuned-model", "up", 18);
    await rated(user.id, "tuned-model", "down", 2);
    await rated(user.id, "fake-model", "up", 10);
    await rated(user.id, "fake-model", "down", 10);
    await rated(user.id, "other-model", "down", 4);
    // Candidate vs baseline, in both stored orders and every source: 7 wins, 3 losses, 2 ties.
    const c = "tuned-model";
    const b = "fake-model";
    for (const source of ["explicit", "ratings", "arena"] as const)
      await compared(user.id, c, b, "first", source);
    for (let i = 0; i < 4; i++) await compared(user.id, b, c, "second", "evaluation");
    await compared(user.id, b, c, "first", "arena");
    await compared(user.id, c, b, "second", "explicit");
    await compared(user.id, c, b, "second", "evaluation");
    await compared(user.id, c, b, "tie", "ratings");
    await compared(user.id, b, c, "bothBad", "arena");
    // Another pair: not counted.
    await compared(user.id, c, "other-model", "first", "explicit");

    const { figures } = await lib.getTrialResults(admin.actor);
    if (!figures) throw new Error("no figures");
    const near = (value: number, expected: number) => expect(value).toBeCloseTo(expected, 4);
    expect(figures.candidate).toMatchObject({ modelId: c, up: 18, down: 2, votes: 20 });
    near(figures.candidate.rate.estimate, 0.9);
    near(figures.candidate.rate.low, 0.699);
    near(figures.candidate.rate.high, 0.9721);
    expect(figures.baseline).toMatchObject({ modelId: b, up: 10, down: 10, votes: 20 });
    near(figures.baseline.rate.low, 0.2993);
    near(figures.baseline.rate.high, 0.7007);
    near(figures.difference.estimate, 0.4);
    near(figures.difference.low, 0.1159);
    near(figures.difference.high, 0.6133);
    expect(figures.difference.significant).toBe(true);
    expect(figures.comparisons).toMatchObject({ wins: 7, losses: 3, ties: 2 });
    near(figures.comparisons.winRate.estimate, 0.7);
    near(figures.comparisons.winRate.low, 0.3968);
    near(figures.comparisons.winRate.high, 0.8922);
    expect(figures.comparisons.winRate.significant).toBe(false);
    expect(figures.comparisons.bySource).toEqual([
      { source: "explicit", wins: 1, losses: 1, ties: 0 },
      { source: "ratings", wins: 1, losses: 0, ties: 1 },
      { source: "arena", wins: 1, losses: 1, ties: 1 },
      { source: "evaluation", wins: 4, losses: 1, ties: 0 },
    ]);

    // Stopped: the window closes, and later votes are not counted.
    await lib.setLiveTrial(admin.actor, { sharePercent: 0 });
    await rated(user.id, "tuned-model", "down", 3);
    const after = await lib.getTrialResults(admin.actor);
    expect(after.figures?.candidate).toMatchObject({ up: 18, down: 2 });
  });

  it("has no figures before any trial", async () => {
    const { admin } = await world();
    expect((await lib.getTrialResults(admin.actor)).figures).toBeNull();
  });
});
