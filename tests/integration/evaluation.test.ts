// Held-out replay on the real database, against three real fake upstreams (candidate, baseline,
// judge): the prompts of each export format's validation file, the estimate and its cap, the runner
// (concurrency, resume after a restart, cost cap, a failing model, cancel), blind judging by a judge
// model and by admins, and where the verdicts go (comparisons, leaderboard) and never go (exports).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors/app-error";
import { invalidateRegistry, modelsForRole } from "@/lib/models/registry";
import { validationPrompts } from "@/lib/evaluation/prompts";
import {
  cancelEvaluation,
  createEvaluation,
  estimateEvaluation,
  evaluationFormOptions,
} from "@/lib/evaluation/evaluations";
import { runEvaluations } from "@/lib/evaluation/runner";
import { reviewItem, reviewQueue } from "@/lib/evaluation/review";
import { getEvaluationResult } from "@/lib/evaluation/evaluation-view";
import { getLeaderboard } from "@/lib/leaderboard/leaderboard";
import { parseInput } from "@/lib/errors/parse-input";
import { exportInput } from "@/lib/export/export-input";
import { exportLines, exporterOptions } from "@/lib/export/pipeline/export-lines";
import { FORMAT_IDS } from "@/lib/export/types";
import { startFakeOpenAI, type FakeOpenAI } from "../helpers/fake-openai";
import { createUser } from "../helpers/factories";
import { addProvider, changeRegistry } from "../helpers/registry-rows";
import { resetDatabase } from "../helpers/reset";
import { seedDataset, sftLines } from "../helpers/evaluation-rows";

const datasetsDir = mkdtempSync(path.join(tmpdir(), "flywheel-eval-"));
process.env.DATASETS_DIR = datasetsDir;
process.env.PROVIDER_TIMEOUT_MS = "5000";

const CANDIDATE_TEXT = "Candidate says Paris is the capital.";
const BASELINE_TEXT = "Baseline says it is Paris.";

let candidateUpstream: FakeOpenAI;
let baselineUpstream: FakeOpenAI;
let judgeUpstream: FakeOpenAI;
let admin: { user: { id: string }; actor: Actor };

/** The judge reads response A and prefers the candidate's, wherever it is shown. */
function fairJudge(messages: { role: string; content: string }[]): string {
  const text = messages.at(-1)?.content ?? "";
  const a = text.split("<response_a>")[1]?.split("</response_a>")[0] ?? "";
  return `Reasoning: one is better.\nVerdict: ${a.includes("Candidate") ? "A" : "B"}`;
}

beforeAll(async () => {
  candidateUpstream = await startFakeOpenAI();
  baselineUpstream = await startFakeOpenAI();
  judgeUpstream = await startFakeOpenAI();
});
afterAll(async () => {
  await Promise.all([candidateUpstream.close(), baselineUpstream.close(), judgeUpstream.close()]);
  rmSync(datasetsDir, { recursive: true, force: true });
});

beforeEach(async () => {
  await resetDatabase();
  invalidateRegistry();
  for (const fake of [candidateUpstream, baselineUpstream, judgeUpstream]) {
    fake.requests.length = 0;
    fake.setScenario({
      chunkDelayMs: 1,
      failWith: undefined,
      failTimes: undefined,
      text: undefined,
      reply: undefined,
    });
  }
  candidateUpstream.setScenario({ text: CANDIDATE_TEXT });
  baselineUpstream.setScenario({ text: BASELINE_TEXT });
  judgeUpstream.setScenario({ reply: fairJudge });
  // The fine-tuned candidate is registered disabled, as a fine-tuning job registers its result.
  await addProvider({
    name: "Tuned",
    baseUrl: candidateUpstream.url,
    models: [{ modelId: "cand-ft", enabled: false }],
  });
  await addProvider({ name: "Base", baseUrl: baselineUpstream.url, models: [{ modelId: "base-model" }] });
  await addProvider({ name: "Judge", baseUrl: judgeUpstream.url, models: [{ modelId: "judge-model" }] });
  // $1 per 1M tokens in and out, 100 output tokens at most: every call costs something.
  await changeRegistry((tx) =>
    tx.modelConfig.updateMany({
      data: { inputPricePerMTok: 1, outputPricePerMTok: 1, maxOutputTokens: 100 },
    }),
  );
  admin = await createUser({ role: "ADMIN" });
});

async function setup(overrides: Record<string, unknown> = {}, prompts = 4) {
  const datasetId = await seedDataset({
    format: "trl-sft",
    train: sftLines(3, "Training question"),
    validation: sftLines(prompts),
  });
  const input = {
    candidateModelId: "cand-ft",
    baselineModelId: "base-model",
    datasetId,
    judge: "admins",
    concurrency: 2,
    costCapUsd: 10,
    ...overrides,
  };
  const { evaluationId } = await createEvaluation(admin.actor, input);
  return { evaluationId, datasetId };
}

const itemsOf = (evaluationId: string) =>
  db().evaluationItem.findMany({ where: { evaluationId }, orderBy: { position: "asc" } });

// expect.stringContaining, typed for the objects it sits in.
const containing = (text: string): string => expect.stringContaining(text) as string;

async function fieldError(promise: Promise<unknown>): Promise<Record<string, string> | undefined> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe("VALIDATION");
  return (error as AppError).fieldErrors;
}

describe("validation prompts", () => {
  const sys = { role: "system", content: "Be brief." };
  const q = (i: number) => ({ role: "user", content: `Validation ${i}?` });
  const a = { role: "assistant", content: "Yes." };
  const linesOf: Record<(typeof FORMAT_IDS)[number], (i: number) => object> = {
    "openai-sft": (i) => ({ messages: [sys, q(i), { ...a, weight: 1 }] }),
    "openai-dpo": (i) => ({
      input: { messages: [sys, q(i)] },
      preferred_output: [a],
      non_preferred_output: [{ role: "assistant", content: "No." }],
    }),
    "trl-sft": (i) => ({ prompt: [sys, q(i)], completion: [a] }),
    "trl-preference": (i) => ({ prompt: [sys, q(i)], chosen: [a], rejected: [a] }),
    "trl-kto": (i) => ({ prompt: [sys, q(i)], completion: [a], label: i % 2 === 0 }),
    sharegpt: (i) => ({
      conversations: [
        { from: "system", value: "Be brief." },
        { from: "human", value: `Validation ${i}?` },
        { from: "gpt", value: "Yes." },
      ],
    }),
    raw: (i) => ({
      type: "rating",
      history: [
        { role: "system", content: "Be brief.", messageId: null, ratedUp: null },
        { role: "user", content: `Validation ${i}?`, messageId: null, ratedUp: null },
      ],
      answer: "Yes.",
    }),
  };

  for (const format of FORMAT_IDS) {
    it(`${format}: the validation file's prompts, deduplicated, never the training file's`, async () => {
      const line = linesOf[format];
      const id = await seedDataset({
        format,
        train: [line(100), line(101)],
        validation: [line(1), line(2), line(1), line(3)],
      });
      const dataset = (await db().dataset.findUnique({ where: { id } }))!;
      const prompts = await validationPrompts(dataset);
      expect(prompts).toEqual([1, 2, 3].map((i) => ({ messages: [sys, q(i)] })));
    });
  }

  it("a dataset without a validation split is a clear error on the dataset field", async () => {
    const id = await seedDataset({ format: "trl-sft", train: sftLines(3), validation: null });
    const dataset = (await db().dataset.findUnique({ where: { id } }))!;
    await expect(validationPrompts(dataset)).rejects.toMatchObject({
      code: "VALIDATION",
      fieldErrors: { datasetId: containing("no validation split") },
    });
    const fields = await fieldError(
      createEvaluation(admin.actor, {
        candidateModelId: "cand-ft",
        baselineModelId: "base-model",
        datasetId: id,
        judge: "admins",
        costCapUsd: 5,
      }),
    );
    expect(fields?.datasetId).toMatch(/no validation split/);
    expect(await db().evaluation.count()).toBe(0);
  });
});

describe("creating an evaluation", () => {
  it("defaults to the candidate's lineage: its base model as baseline and its dataset", async () => {
    const datasetId = await seedDataset({ format: "trl-sft", train: sftLines(2), validation: sftLines(2) });
    const other = await seedDataset({ format: "trl-sft", train: sftLines(2), validation: sftLines(3) });
    await seedDataset({ format: "trl-sft", train: sftLines(2), validation: null });
    await changeRegistry((tx) =>
      tx.modelConfig.update({
        where: { modelId: "cand-ft" },
        data: { lineage: { baseModel: "base-model", datasetId, datasetSha256: "x" } },
      }),
    );
    const options = await evaluationFormOptions(admin.actor, "cand-ft");
    expect(options.defaults).toEqual({
      candidateModelId: "cand-ft",
      baselineModelId: "base-model",
      datasetId,
    });
    // The disabled candidate is offered; only datasets with a validation split are.
    expect(options.models.find((m) => m.id === "cand-ft")).toMatchObject({ enabled: false });
    expect(options.datasets.map((d) => d.id).sort()).toEqual([datasetId, other].sort());
    // Without a lineage: the default model as baseline.
    const plain = await evaluationFormOptions(admin.actor, "judge-model");
    const { defaultModelId } = await modelsForRole("ADMIN");
    expect(defaultModelId).not.toBe("judge-model");
    expect(plain.defaults.baselineModelId).toBe(defaultModelId);
  });

  it("estimates the cost before it starts, refuses a cap below it, and audits the start", async () => {
    const datasetId = await seedDataset({ format: "trl-sft", train: sftLines(2), validation: sftLines(4) });
    const setupInput = {
      candidateModelId: "cand-ft",
      baselineModelId: "base-model",
      datasetId,
      judge: "model",
      judgeModelId: "judge-model",
      concurrency: "2",
    };
    const estimate = await estimateEvaluation(admin.actor, setupInput);
    // Both models' 100 output tokens per prompt at $1/M, plus the judge twice per prompt.
    expect(estimate.prompts).toBe(4);
    expect(estimate.candidateUsd).toBeGreaterThan((4 * 100) / 1e6);
    expect(estimate.judgeUsd).toBeGreaterThan(estimate.candidateUsd);
    expect(estimate.totalUsd).toBeCloseTo(
      estimate.candidateUsd + estimate.baselineUsd + estimate.judgeUsd,
      10,
    );

    const fields = await fieldError(
      createEvaluation(admin.actor, { ...setupInput, costCapUsd: estimate.totalUsd / 2 }),
    );
    expect(fields?.costCapUsd).toMatch(/over the cap/);
    expect(await db().evaluation.count()).toBe(0);

    const bad = await fieldError(
      createEvaluation(admin.actor, { ...setupInput, concurrency: 9, costCapUsd: "" }),
    );
    expect(bad).toMatchObject({
      concurrency: containing("1 to 8"),
      costCapUsd: containing("cost cap"),
    });
    const noJudge = await fieldError(
      createEvaluation(admin.actor, { ...setupInput, judgeModelId: "", costCapUsd: 1 }),
    );
    expect(noJudge).toEqual({ judgeModelId: "Pick the judge model." });
    const unknown = await fieldError(
      createEvaluation(admin.actor, { ...setupInput, baselineModelId: "nope", costCapUsd: 1 }),
    );
    expect(unknown?.baselineModelId).toMatch(/Unknown model/);

    const { evaluationId } = await createEvaluation(admin.actor, { ...setupInput, costCapUsd: 1 });
    const evaluation = (await db().evaluation.findUnique({ where: { id: evaluationId } }))!;
    expect(evaluation).toMatchObject({ status: "pending", concurrency: 2, costCapUsd: 1, judge: "model" });
    expect(evaluation.estimatedCostUsd).toBeCloseTo(estimate.totalUsd, 10);
    const items = await itemsOf(evaluationId);
    expect(items.map((i) => (i.prompt as { content: string }[])[0]!.content)).toEqual(
      sftLines(4).map((l) => (l as { prompt: { content: string }[] }).prompt[0]!.content),
    );
    const audit = await db().auditLog.findMany({ where: { action: "evaluation.create" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ targetId: evaluationId, actorId: admin.user.id });
  });
});

describe("the runner", () => {
  it("replays every prompt on both models with the concurrency asked, and a judge model judges both orders", async () => {
    const { evaluationId } = await setup({ judge: "model", judgeModelId: "judge-model", concurrency: 2 }, 6);
    candidateUpstream.setScenario({ chunkDelayMs: 30 });
    baselineUpstream.setScenario({ chunkDelayMs: 30 });
    expect(await runEvaluations({ owner: "test-a" })).toBe(1);

    const evaluation = (await db().evaluation.findUnique({ where: { id: evaluationId } }))!;
    expect(evaluation).toMatchObject({ status: "done", leaseOwner: null, error: null });
    const items = await itemsOf(evaluationId);
    expect(items.every((i) => i.status === "judged" && i.verdict === "candidate")).toBe(true);
    expect(candidateUpstream.requests).toHaveLength(6);
    expect(baselineUpstream.requests).toHaveLength(6);
    // Both orders asked: once with the candidate as A, once as B.
    expect(judgeUpstream.requests).toHaveLength(12);
    const detail = items[0]!.judgeDetail as { replies: { order: string; verdict: string }[] };
    expect(detail.replies.map((r) => r.order)).toEqual(["candidate-first", "baseline-first"]);

    // One source=evaluation conversation per prompt, owned by the creator: the prompt, then the two
    // answers as siblings.
    for (const item of items) {
      const conversation = (await db().conversation.findUnique({
        where: { id: item.conversationId! },
        include: { messages: true },
      }))!;
      expect(conversation).toMatchObject({ source: "evaluation", userId: admin.user.id });
      const answers = conversation.messages.filter((m) => m.role === "assistant");
      expect(answers).toHaveLength(2);
      expect(answers.every((m) => m.parentId === item.promptMessageId && m.status === "complete")).toBe(true);
      const byModel = Object.fromEntries(answers.map((m) => [m.modelId ?? "", m.text] as const));
      expect(byModel).toEqual({ "cand-ft": CANDIDATE_TEXT, "base-model": BASELINE_TEXT });
    }

    // Never more answers at once than the concurrency: the answers' lifetimes overlap at most 2 deep.
    const answers = await db().message.findMany({
      where: { role: "assistant", conversation: { source: "evaluation" } },
      select: { createdAt: true, updatedAt: true },
    });
    const events = answers.flatMap((m) => [
      { at: m.createdAt.getTime(), d: 1 },
      { at: m.updatedAt.getTime(), d: -1 },
    ]);
    events.sort((x, y) => x.at - y.at || x.d - y.d);
    let depth = 0;
    let deepest = 0;
    for (const e of events) deepest = Math.max(deepest, (depth += e.d));
    expect(deepest).toBe(2);

    // Spending adds up: every answer's and judge call's cost, as recorded in the usage rollup.
    const usage = await db().usageDaily.aggregate({
      where: { source: "evaluation" },
      _sum: { costUsd: true },
    });
    expect(evaluation.spentUsd).toBeGreaterThan(0);
    expect(evaluation.spentUsd).toBeCloseTo(Number(usage._sum.costUsd), 8);

    // Comparisons with source evaluation, by the creator, in the blind order; the leaderboard counts them.
    const comparisons = await db().comparison.findMany({ where: { source: "evaluation" } });
    expect(comparisons).toHaveLength(6);
    for (const item of items) {
      const c = comparisons.find((k) => k.id === item.comparisonId)!;
      expect(c.userId).toBe(admin.user.id);
      expect(c.preferredId).toBe(item.candidateAnswerId);
      expect(c.answerAId).toBe(item.candidateFirst ? item.candidateAnswerId : item.baselineAnswerId);
      expect([c.modelA, c.modelB].sort()).toEqual(["base-model", "cand-ft"]);
    }
    const result = await getEvaluationResult(admin.actor, evaluationId);
    expect(result.tally).toEqual({ wins: 6, losses: 0, ties: 0, bothBad: 0 });
    expect(result.winRate).toMatchObject({ rate: 1, significant: true, ahead: "candidate" });
  });

  it("a judge with a position bias, or an unreadable reply, gives ties with the replies kept", async () => {
    judgeUpstream.setScenario({ reply: () => "Verdict: A" });
    const first = await setup({ judge: "model", judgeModelId: "judge-model" }, 2);
    await runEvaluations({ owner: "test" });
    expect((await itemsOf(first.evaluationId)).map((i) => i.verdict)).toEqual(["tie", "tie"]);

    judgeUpstream.setScenario({ reply: () => "They are both fine, I think." });
    const second = await setup({ judge: "model", judgeModelId: "judge-model" }, 1);
    await runEvaluations({ owner: "test" });
    const [item] = await itemsOf(second.evaluationId);
    expect(item!.verdict).toBe("tie");
    const detail = item!.judgeDetail as { replies: { reply: string; parsed: boolean }[] };
    expect(detail.replies.every((r) => !r.parsed && r.reply === "They are both fine, I think.")).toBe(true);
  });

  it("is resumable: a restart continues where the run was, and no answer is made twice", async () => {
    const { evaluationId } = await setup({ concurrency: 1 }, 5);
    // A shutdown arrives while the second prompt is being answered.
    const shutdown = new AbortController();
    candidateUpstream.setScenario({
      reply: () => {
        if (candidateUpstream.requests.length === 2) shutdown.abort();
        return CANDIDATE_TEXT;
      },
    });
    await runEvaluations({ owner: "instance-1", signal: shutdown.signal });
    let items = await itemsOf(evaluationId);
    expect(items.map((i) => i.status)).toEqual(["answered", "answered", "pending", "pending", "pending"]);
    let evaluation = (await db().evaluation.findUnique({ where: { id: evaluationId } }))!;
    expect(evaluation).toMatchObject({ status: "running", leaseOwner: null });

    // A crash in the middle of the third prompt: its candidate answered, its baseline never saved.
    await runEvaluations({ owner: "instance-2", signal: AbortSignal.abort() });
    const third = items[2]!;
    const conversationId = crypto.randomUUID();
    const promptId = crypto.randomUUID();
    const answerId = crypto.randomUUID();
    await db().conversation.create({
      data: { id: conversationId, userId: admin.user.id, title: "t", source: "evaluation" },
    });
    await db().message.create({ data: { id: promptId, conversationId, role: "user", text: "Question 3?" } });
    await db().message.create({
      data: {
        id: answerId,
        conversationId,
        parentId: promptId,
        role: "assistant",
        text: CANDIDATE_TEXT,
        modelId: "cand-ft",
        status: "complete",
      },
    });
    await db().evaluationItem.update({
      where: { id: third.id },
      data: { conversationId, promptMessageId: promptId, candidateAnswerId: answerId },
    });
    // Another instance holds the lease: nobody else runs it meanwhile.
    await db().evaluation.update({
      where: { id: evaluationId },
      data: { leaseOwner: "dead-instance", leaseUntil: new Date(Date.now() + 60_000) },
    });
    expect(await runEvaluations({ owner: "instance-2" })).toBe(0);
    // Its instance died: the lease runs out, and the next claim continues.
    await db().evaluation.update({
      where: { id: evaluationId },
      data: { leaseUntil: new Date(Date.now() - 1_000) },
    });
    candidateUpstream.setScenario({ reply: undefined });
    expect(await runEvaluations({ owner: "instance-2" })).toBe(1);

    items = await itemsOf(evaluationId);
    evaluation = (await db().evaluation.findUnique({ where: { id: evaluationId } }))!;
    expect(evaluation.status).toBe("judging");
    expect(items.every((i) => i.status === "answered")).toBe(true);
    expect(items[2]!.candidateAnswerId).toBe(answerId);
    // 2 before the shutdown, 2 after it (the third prompt's candidate was kept): 4, never 6.
    expect(candidateUpstream.requests).toHaveLength(4);
    expect(baselineUpstream.requests).toHaveLength(5);
    for (const item of items) {
      expect(
        await db().message.count({ where: { conversationId: item.conversationId!, role: "assistant" } }),
      ).toBe(2);
    }
  });

  it("stops at the cost cap, keeping what was answered", async () => {
    const { evaluationId } = await setup({ concurrency: 1 }, 6);
    // Each prompt costs about (10 in + 6 out tokens) × 2 models at $1/M: a cap that pays for two.
    const capUsd = 2.5 * 2 * 16e-6;
    await db().evaluation.update({ where: { id: evaluationId }, data: { costCapUsd: capUsd } });
    await runEvaluations({ owner: "test" });
    const evaluation = (await db().evaluation.findUnique({ where: { id: evaluationId } }))!;
    expect(evaluation.status).toBe("stopped");
    expect(evaluation.error).toMatch(/cost cap reached/);
    expect(evaluation.spentUsd).toBeLessThanOrEqual(capUsd);
    const items = await itemsOf(evaluationId);
    const answered = items.filter((i) => i.status === "answered");
    expect(answered.length).toBeGreaterThanOrEqual(1);
    expect(answered.length).toBeLessThan(6);
    expect(items.filter((i) => i.status === "pending")).toHaveLength(6 - answered.length);
  });

  it("marks a prompt failed when a model fails, and goes on", async () => {
    const { evaluationId } = await setup({ concurrency: 1 }, 3);
    baselineUpstream.setScenario({ failWith: { status: 400 }, failTimes: 1 });
    await runEvaluations({ owner: "test" });
    const items = await itemsOf(evaluationId);
    expect(items.map((i) => i.status)).toEqual(["failed", "answered", "answered"]);
    expect(items[0]!.error).toMatch(/^Baseline failed: /);
    const evaluation = (await db().evaluation.findUnique({ where: { id: evaluationId } }))!;
    expect(evaluation.status).toBe("judging");
    const result = await getEvaluationResult(admin.actor, evaluationId);
    expect(result.counts).toMatchObject({ failed: 1, answered: 2, total: 3 });
    expect(result.failures[0]!.error).toMatch(/Baseline failed/);
  });

  it("cancel stops a run mid-way: the answer under way is stopped, nothing more is asked", async () => {
    const { evaluationId } = await setup({ concurrency: 1 }, 4);
    candidateUpstream.setScenario({ text: undefined, words: 200, chunkDelayMs: 50 });
    const run = runEvaluations({ owner: "test" });
    await expect.poll(() => candidateUpstream.requests.length, { timeout: 5_000 }).toBe(1);
    await cancelEvaluation(admin.actor, { evaluationId });
    const started = Date.now();
    await run;
    expect(Date.now() - started).toBeLessThan(8_000);
    const evaluation = (await db().evaluation.findUnique({ where: { id: evaluationId } }))!;
    expect(evaluation.status).toBe("cancelled");
    expect(candidateUpstream.requests).toHaveLength(1);
    expect(candidateUpstream.requests[0]!.aborted).toBe(true);
    expect(baselineUpstream.requests).toHaveLength(0);
    expect((await itemsOf(evaluationId)).every((i) => i.status === "pending")).toBe(true);
    const audit = await db().auditLog.findMany({ where: { action: "evaluation.cancel" } });
    expect(audit).toHaveLength(1);
    await expect(cancelEvaluation(admin.actor, { evaluationId })).rejects.toMatchObject({ code: "CONFLICT" });
  });
});

describe("judging by admins", () => {
  it("shows each pair blind, stores verdicts as comparisons, and the leaderboard shows the candidate ahead", async () => {
    const { evaluationId } = await setup({ concurrency: 4 }, 20);
    await runEvaluations({ owner: "test" });
    expect((await db().evaluation.findUnique({ where: { id: evaluationId } }))!.status).toBe("judging");
    const other = await createUser({ role: "ADMIN" });

    let judged = 0;
    for (;;) {
      const queue = await reviewQueue(admin.actor, evaluationId);
      expect(queue).toMatchObject({ judged, total: 20 });
      if (!queue.pair) break;
      // Blind: texts only, in the item's frozen order, no model id anywhere.
      expect(JSON.stringify(queue.pair)).not.toMatch(/cand-ft|base-model/);
      const item = (await db().evaluationItem.findUnique({ where: { id: queue.pair.itemId } }))!;
      expect(queue.pair.responseA).toBe(item.candidateFirst ? CANDIDATE_TEXT : BASELINE_TEXT);
      // The admins prefer the candidate 16 times out of 20.
      const prefersCandidate = judged % 5 !== 4;
      const candidateIsA = queue.pair.responseA === CANDIDATE_TEXT;
      const choice = candidateIsA === prefersCandidate ? "A" : "B";
      const reviewer = judged % 2 === 0 ? admin : other;
      await reviewItem(reviewer.actor, { itemId: queue.pair.itemId, choice });
      judged++;
    }
    expect(judged).toBe(20);
    let evaluation = (await db().evaluation.findUnique({ where: { id: evaluationId } }))!;
    expect(evaluation.status).toBe("done");

    const comparisons = await db().comparison.findMany({ where: { source: "evaluation" } });
    expect(comparisons).toHaveLength(20);
    const items = await itemsOf(evaluationId);
    expect(items.filter((i) => i.verdict === "candidate")).toHaveLength(16);
    expect(items.filter((i) => i.verdict === "baseline")).toHaveLength(4);
    expect(items.every((i) => comparisons.some((c) => c.id === i.comparisonId))).toBe(true);
    expect(new Set(comparisons.map((c) => c.userId))).toEqual(new Set([admin.user.id, other.user.id]));

    const board = await getLeaderboard(admin.actor, { source: "evaluation" });
    const standing = (model: string) => board.standings.find((s) => s.model === model)!;
    expect(standing("cand-ft")).toMatchObject({ wins: 16, losses: 4, rank: 1 });
    expect(standing("base-model")).toMatchObject({ wins: 4, losses: 16, rank: 2 });
    expect(standing("cand-ft").low).not.toBeNull();

    // Changing a verdict updates the same comparison.
    const first = items.find((i) => i.verdict === "candidate")!;
    const queue = await reviewQueue(admin.actor, evaluationId, first.id);
    expect(queue.pair?.choice).toBe(first.candidateFirst ? "A" : "B");
    await reviewItem(admin.actor, { itemId: first.id, choice: "both_bad" });
    const changed = (await db().comparison.findUnique({ where: { id: first.comparisonId! } }))!;
    expect(changed).toMatchObject({ preferredId: null, bothBad: true, source: "evaluation" });
    expect(await db().comparison.count({ where: { source: "evaluation" } })).toBe(20);
    const result = await getEvaluationResult(admin.actor, evaluationId);
    expect(result.tally).toEqual({ wins: 15, losses: 4, ties: 0, bothBad: 1 });
    expect(result.winRate.significant).toBe(true);
    evaluation = (await db().evaluation.findUnique({ where: { id: evaluationId } }))!;
    expect(evaluation.status).toBe("done");

    await expect(reviewItem(admin.actor, { itemId: first.id, choice: "maybe" })).rejects.toMatchObject({
      code: "VALIDATION",
    });
  });

  it("never exports evaluation conversations or their comparisons as training data", async () => {
    const { evaluationId } = await setup({}, 3);
    await runEvaluations({ owner: "test" });
    for (const item of await itemsOf(evaluationId)) {
      const choice = item.candidateFirst ? "A" : "B";
      await reviewItem(admin.actor, { itemId: item.id, choice });
    }
    expect(await db().comparison.count({ where: { source: "evaluation" } })).toBe(3);
    expect((await db().user.findUnique({ where: { id: admin.user.id } }))!.trainingConsent).toBe(true);
    for (const format of ["raw", "openai-dpo", "trl-preference", "openai-sft"] as const) {
      const request = parseInput(exportInput, { format });
      let lines = 0;
      for await (const chunk of exportLines(request.filters, exporterOptions(request))) {
        if (chunk.kind !== "summary") lines += chunk.lines.length;
      }
      expect(lines, format).toBe(0);
    }
  });
});
