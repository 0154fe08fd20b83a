import { randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors/app-error";
import type { Actor } from "@/lib/auth/actor";
import {
  changePassword,
  deleteAccount,
  getSettings,
  setTrainingConsent,
  signOutEverywhere,
  updateProfile,
} from "@/lib/users/settings";
import { db } from "@/lib/db/client";
import { getAdminTotals } from "@/lib/admin/overview/admin-totals";
import { listUsers, setUserDisabled, setUserRole } from "@/lib/admin/users";
import { availableModels } from "@/lib/models/available-models";
import {
  createProvider,
  deleteProvider,
  setProviderEnabled,
  testProviderConnection,
  updateProvider,
} from "@/lib/models/admin/providers";
import {
  addModel,
  deleteModel,
  refreshProviderModels,
  setModelEnabled,
  updateModel,
} from "@/lib/models/admin/models";
import { setDefaultModel } from "@/lib/models/admin/default-model";
import { getAdminModel, getAdminProvider, getModelsOverview } from "@/lib/models/admin/admin-view";
import { startFakeOpenAI, type FakeOpenAI } from "../helpers/fake-openai";
import { getUsageReport } from "@/lib/usage/usage-report";
import { openUsageCsv } from "@/lib/usage/usage-csv";
import { listBudgets, removeBudget, setRoleBudget, setUserBudget } from "@/lib/usage/budgets";
import { getMyUsage } from "@/lib/usage/my-usage";
import { createApiKey, listMyApiKeys, listUserApiKeys, revokeApiKey } from "@/lib/api-keys/api-keys";
import { newApiKey } from "@/lib/api-keys/key-format";
import { getAppSettings, setApiRoles, updateFeatureSettings } from "@/lib/settings/app-settings";
import { compareCompletions, rateCompletion } from "@/lib/api/feedback-api";
import { playgroundModels } from "@/lib/playground/models";
import { startPlaygroundRun } from "@/lib/playground/start-run";
import { voteArena } from "@/lib/arena/vote";
import {
  deletePreset,
  listPresets,
  renamePreset,
  savePreset,
  setPresetShared,
} from "@/lib/playground/presets";
import { getLeaderboard } from "@/lib/leaderboard/leaderboard";
import { voteBlindArena } from "@/lib/chat/arena/arena-vote";
import { followResentQuestion, resumeAnswer } from "@/lib/chat/live/resume-answer";
import { getLiveTrial, setLiveTrial } from "@/lib/evaluation/trial/trial-settings";
import { getTrialResults } from "@/lib/evaluation/trial/trial-results";
import { listPromotions, promoteModel, undoPromotion } from "@/lib/models/admin/promotion";
import { invalidateRegistry } from "@/lib/models/registry";
import {
  cancelEvaluation,
  createEvaluation,
  estimateEvaluation,
  evaluationFormOptions,
} from "@/lib/evaluation/evaluations";
import { getEvaluationResult, listEvaluations } from "@/lib/evaluation/evaluation-view";
import { reviewItem, reviewQueue } from "@/lib/evaluation/review";
import {
  createFineTuneAccount,
  deleteFineTuneAccount,
  updateFineTuneAccount,
} from "@/lib/fine-tuning/accounts";
import { startFineTuneJob } from "@/lib/fine-tuning/start-job";
import { cancelFineTuneJob, resumeFineTuneJob } from "@/lib/fine-tuning/job-control";
import { registerJobModel } from "@/lib/fine-tuning/register-model";
import { setModelLineage } from "@/lib/fine-tuning/lineage";
import { getFineTuneJob, getFineTuningOverview } from "@/lib/fine-tuning/job-view";
import { getModelLineage } from "@/lib/fine-tuning/lineage-view";
import { seedDataset as seedTrainingDataset, seedJob } from "../helpers/finetune-datasets";
import { saveDataset } from "@/lib/datasets/save-dataset";
import { deleteDataset, getDataset, listDatasets } from "@/lib/datasets/datasets";
import { openDatasetDownload } from "@/lib/datasets/download";
import { createExchange, createUser, PASSWORD } from "../helpers/factories";
import { seedDataset, sftLines } from "../helpers/evaluation-rows";
import { resetDatabase } from "../helpers/reset";

// Every domain function against every kind of caller. "ok" means it succeeded; otherwise the AppError
// code expected. Admin work answers NOT_FOUND to everyone but an active admin. "stale admin" is an admin
// whose session token is from before the account's last session-epoch bump (e.g. a password change).
type Kind =
  "anonymous" | "unknown id" | "disabled user" | "user" | "admin" | "disabled admin" | "stale admin";
type Expect = "ok" | "UNAUTHENTICATED" | "NOT_FOUND";
type World = {
  actors: Record<Kind, Actor>;
  target: { id: string; email: string };
  /** An admin-added provider (no key, at the fake upstream) with one model. */
  provider: { id: string; modelConfigId: string };
  emailOf: (actor: Actor) => string;
};

type Row = {
  fn: string;
  call: (actor: Actor, world: World) => Promise<unknown>;
  expect: Record<Kind, Expect>;
};

const selfService: Record<Kind, Expect> = {
  anonymous: "UNAUTHENTICATED",
  "unknown id": "UNAUTHENTICATED",
  "disabled user": "UNAUTHENTICATED",
  user: "ok",
  admin: "ok",
  "disabled admin": "UNAUTHENTICATED",
  "stale admin": "UNAUTHENTICATED",
};
const adminOnly: Record<Kind, Expect> = {
  anonymous: "NOT_FOUND",
  "unknown id": "NOT_FOUND",
  "disabled user": "NOT_FOUND",
  user: "NOT_FOUND",
  admin: "ok",
  "disabled admin": "NOT_FOUND",
  "stale admin": "NOT_FOUND",
};

// Admin → Datasets (lib/datasets). Saved files go to a directory of this run's own.
process.env.DATASETS_DIR = mkdtempSync(path.join(tmpdir(), "flywheel-matrix-datasets-"));

/** A dataset row of the target's (its files are not needed to read or delete it). */
async function matrixDataset(w: World): Promise<string> {
  const { conversation } = await createExchange(w.target.id);
  const dataset = await db().dataset.create({
    data: {
      name: "Matrix",
      format: "trl-sft",
      request: {},
      files: [],
      sha256: "0".repeat(64),
      trainRows: 1,
      validationRows: 0,
      conversations: { create: { conversationId: conversation.id, userId: w.target.id, split: "train" } },
    },
  });
  return dataset.id;
}

/** A rated answer of the target's, so that an export has a line to save. */
async function ratedAnswer(w: World): Promise<void> {
  const { conversation, answers } = await createExchange(w.target.id);
  await db().feedback.create({
    data: { messageId: answers[0]!.id, userId: w.target.id, conversationId: conversation.id, rating: "up" },
  });
}

const datasetRows: Row[] = [
  { fn: "listDatasets", call: (a) => listDatasets(a), expect: adminOnly },
  {
    fn: "getDataset",
    call: async (a, w) => getDataset(a, { datasetId: await matrixDataset(w) }),
    expect: adminOnly,
  },
  {
    fn: "saveDataset",
    call: async (a, w) => {
      await ratedAnswer(w);
      return saveDataset(a, { name: "Matrix", query: "format=trl-sft" });
    },
    expect: adminOnly,
  },
  {
    fn: "deleteDataset",
    call: async (a, w) => deleteDataset(a, { datasetId: await matrixDataset(w) }),
    expect: adminOnly,
  },
  {
    fn: "openDatasetDownload",
    call: async (a, w) => openDatasetDownload(a, { datasetId: await matrixDataset(w) }),
    expect: adminOnly,
  },
];

// Admin → Models: every query and action. The fake upstream answers Test connection and Refresh.
let fake: FakeOpenAI;
const providerForm = () => ({
  type: "openai-compatible" as const,
  name: "Matrix",
  baseUrl: fake.url,
  apiKey: "",
});
const modelForm = (modelConfigId: string) => ({
  modelConfigId,
  displayName: "Matrix model",
  contextWindow: 8192,
  maxOutputTokens: null,
  inputPricePerMTok: null,
  cachedInputPricePerMTok: null,
  outputPricePerMTok: null,
  allowedRoles: ["USER"],
  temperature: null,
  topP: null,
  maxTokens: null,
  enabled: true,
});
const modelRows: Row[] = [
  { fn: "getModelsOverview", call: (a) => getModelsOverview(a), expect: adminOnly },
  { fn: "getAdminProvider", call: (a, w) => getAdminProvider(a, w.provider.id), expect: adminOnly },
  { fn: "getAdminModel", call: (a, w) => getAdminModel(a, w.provider.modelConfigId), expect: adminOnly },
  { fn: "testProviderConnection", call: (a) => testProviderConnection(a, providerForm()), expect: adminOnly },
  { fn: "createProvider", call: (a) => createProvider(a, providerForm()), expect: adminOnly },
  {
    fn: "updateProvider",
    call: (a, w) => updateProvider(a, { ...providerForm(), providerId: w.provider.id, name: "Renamed" }),
    expect: adminOnly,
  },
  {
    fn: "setProviderEnabled",
    call: (a, w) => setProviderEnabled(a, { providerId: w.provider.id, enabled: false }),
    expect: adminOnly,
  },
  {
    fn: "deleteProvider",
    call: (a, w) => deleteProvider(a, { providerId: w.provider.id }),
    expect: adminOnly,
  },
  {
    fn: "refreshProviderModels",
    call: (a, w) => refreshProviderModels(a, { providerId: w.provider.id }),
    expect: adminOnly,
  },
  {
    fn: "addModel",
    call: (a, w) => addModel(a, { providerId: w.provider.id, modelId: "ft:added" }),
    expect: adminOnly,
  },
  {
    fn: "updateModel",
    call: (a, w) => updateModel(a, modelForm(w.provider.modelConfigId)),
    expect: adminOnly,
  },
  {
    fn: "setModelEnabled",
    call: (a, w) => setModelEnabled(a, { modelConfigId: w.provider.modelConfigId, enabled: false }),
    expect: adminOnly,
  },
  {
    fn: "deleteModel",
    call: (a, w) => deleteModel(a, { modelConfigId: w.provider.modelConfigId }),
    expect: adminOnly,
  },
  { fn: "setDefaultModel", call: (a) => setDefaultModel(a, { modelId: "offline-demo" }), expect: adminOnly },
];

// POST /api/v1/feedback and /api/v1/comparisons, as the key's user (the HTTP side, keys and scopes, is
// tested in api-feedback.test.ts). Two answers to one question, the caller's own when the caller
// exists, else the target's.
async function answers(actor: Actor, owner: "own" | "target", w: World): Promise<string[]> {
  const self = actor && (await db().user.findUnique({ where: { id: actor.userId }, select: { id: true } }));
  const userId = owner === "own" && self ? self.id : w.target.id;
  return (await createExchange(userId, { answers: 2 })).answers.map((m) => `chatcmpl-${m.id}`);
}
const someoneElses: Record<Kind, Expect> = { ...selfService, user: "NOT_FOUND", admin: "NOT_FOUND" };
const apiFeedbackRows: Row[] = (["own", "target"] as const).flatMap((owner) => [
  {
    fn: `rateCompletion (${owner === "own" ? "own answer" : "another user's answer"})`,
    call: async (a: Actor, w: World) =>
      rateCompletion(a, { completion_id: (await answers(a, owner, w))[0], rating: "good" }),
    expect: owner === "own" ? selfService : someoneElses,
  },
  {
    fn: `rateCompletion, removing (${owner === "own" ? "own answer" : "another user's answer"})`,
    call: async (a: Actor, w: World) =>
      rateCompletion(a, { completion_id: (await answers(a, owner, w))[0], rating: null }),
    // The removal is the chat's fast path (rateMessage), which checks the account in its own SQL but
    // not a session epoch: a stale session may remove its own rating. An API key's actor carries no
    // epoch, so for the API the question does not arise.
    expect: owner === "own" ? { ...selfService, "stale admin": "ok" } : someoneElses,
  },
  {
    fn: `compareCompletions (${owner === "own" ? "own answers" : "another user's answers"})`,
    call: async (a: Actor, w: World) => {
      const [preferred, rejected] = await answers(a, owner, w);
      return compareCompletions(a, { preferred_id: preferred, rejected_id: rejected });
    },
    expect: owner === "own" ? selfService : someoneElses,
  },
]);

// The blind arena's vote (lib/chat/arena): on a pending vote of the caller's own, of another user's,
// and on a question that has none.
async function pendingVote(actor: Actor, owner: "own" | "target", w: World): Promise<string> {
  const self = actor && (await db().user.findUnique({ where: { id: actor.userId }, select: { id: true } }));
  const userId = owner === "own" && self ? self.id : w.target.id;
  const {
    conversation,
    question,
    answers: [a, b],
  } = await createExchange(userId, { answers: 2 });
  await db().arenaBattle.create({
    data: { conversationId: conversation.id, promptId: question.id, answerAId: a!.id, answerBId: b!.id },
  });
  return question.id;
}
// Following an answer again (a reload): the caller's own finished answer, and another user's.
async function answerOf(actor: Actor, owner: "own" | "target", w: World): Promise<string> {
  const self = actor && (await db().user.findUnique({ where: { id: actor.userId }, select: { id: true } }));
  const userId = owner === "own" && self ? self.id : w.target.id;
  const { answers } = await createExchange(userId);
  return answers[0]!.id;
}
const resumeRows: Row[] = (["own", "target"] as const).flatMap((owner): Row[] => [
  {
    fn: `resumeAnswer (${owner === "own" ? "own answer" : "another user's answer"})`,
    call: async (a, w) => (await resumeAnswer(a, { messageId: await answerOf(a, owner, w) })).cancel(),
    expect: owner === "own" ? selfService : someoneElses,
  },
  {
    // Another user's question gives nothing to follow (undefined: the request's conflict stands).
    fn: `followResentQuestion (${owner === "own" ? "own question" : "another user's question"})`,
    call: async (a, w) => {
      const answerId = await answerOf(a, owner, w);
      const { parentId } = await db().message.findUniqueOrThrow({ where: { id: answerId } });
      const followed = await followResentQuestion(a, { messageId: parentId });
      if ((followed === undefined) !== (owner === "target")) throw new Error("followed the wrong question");
      await followed?.cancel();
    },
    expect: selfService,
  },
]);

const arenaRows: Row[] = [
  {
    fn: "voteBlindArena (own question)",
    call: async (a, w) => voteBlindArena(a, { promptId: await pendingVote(a, "own", w), choice: "a" }),
    expect: selfService,
  },
  {
    fn: "voteBlindArena (another user's question)",
    call: async (a, w) => voteBlindArena(a, { promptId: await pendingVote(a, "target", w), choice: "b" }),
    expect: someoneElses,
  },
  {
    fn: "voteBlindArena (missing question)",
    call: (a) => voteBlindArena(a, { promptId: randomUUID(), choice: "skip" }),
    expect: someoneElses,
  },
];

// The playground and its vote. A vote compares two finished answers of a playground run: the caller's
// own when the caller exists, else the target's.
async function playgroundPair(actor: Actor, owner: "own" | "target", w: World): Promise<string[]> {
  const self = actor && (await db().user.findUnique({ where: { id: actor.userId }, select: { id: true } }));
  const userId = owner === "own" && self ? self.id : w.target.id;
  return (await createExchange(userId, { answers: 2, source: "playground" })).answers.map((m) => m.id);
}
const playgroundRows: Row[] = [
  { fn: "playgroundModels", call: (a) => playgroundModels(a), expect: selfService },
  {
    fn: "startPlaygroundRun",
    call: (a) =>
      startPlaygroundRun(a, {
        models: ["offline-demo"],
        systemPrompt: "",
        messages: [{ role: "user", content: "Hi" }],
        params: {},
      }),
    expect: selfService,
  },
  ...(["own", "target"] as const).map((owner) => ({
    fn: `voteArena (${owner === "own" ? "own run" : "another user's run"})`,
    call: async (a: Actor, w: World) =>
      voteArena(a, { answerIds: await playgroundPair(a, owner, w), verdict: "tie" }),
    expect: owner === "own" ? selfService : someoneElses,
  })),
];

// Playground presets: the caller's own, another user's (the target's), and a missing id. Only the
// owner changes a preset; only an admin shares, and only their own.
const presetSettings = { models: ["fake-model"], systemPrompt: "", messages: [], params: {} };
async function presetId(actor: Actor, owner: "own" | "target" | "missing", w: World): Promise<string> {
  if (owner === "missing") return randomUUID();
  const self = actor && (await db().user.findUnique({ where: { id: actor.userId }, select: { id: true } }));
  const userId = owner === "own" && self ? self.id : w.target.id;
  const data = { userId, name: `preset ${randomUUID()}`, settings: presetSettings };
  return (await db().playgroundPreset.create({ data })).id;
}
const presetOwners = { own: "own preset", target: "another user's preset", missing: "missing id" } as const;
const presetRows: Row[] = [
  { fn: "listPresets", call: (a) => listPresets(a), expect: selfService },
  {
    fn: "savePreset",
    call: (a) => savePreset(a, { name: "Mine", settings: presetSettings }),
    expect: selfService,
  },
  ...(["own", "target", "missing"] as const).flatMap((owner) => [
    {
      fn: `renamePreset (${presetOwners[owner]})`,
      call: async (a: Actor, w: World) =>
        renamePreset(a, { presetId: await presetId(a, owner, w), name: "New" }),
      expect: owner === "own" ? selfService : someoneElses,
    },
    {
      fn: `deletePreset (${presetOwners[owner]})`,
      call: async (a: Actor, w: World) => deletePreset(a, { presetId: await presetId(a, owner, w) }),
      expect: owner === "own" ? selfService : someoneElses,
    },
    {
      fn: `setPresetShared (${presetOwners[owner]})`,
      call: async (a: Actor, w: World) =>
        setPresetShared(a, { presetId: await presetId(a, owner, w), shared: true }),
      expect: owner === "own" ? adminOnly : ({ ...adminOnly, admin: "NOT_FOUND" } as const),
    },
  ]),
];

// The live trial and promotions (lib/evaluation/trial, lib/models/admin/promotion.ts). The matrix's
// model is written without a registry version bump: forget this instance's copy before using it.
const trialRows: Row[] = [
  { fn: "getLiveTrial", call: (a) => getLiveTrial(a), expect: adminOnly },
  {
    fn: "setLiveTrial",
    call: (a) => {
      invalidateRegistry();
      return setLiveTrial(a, {
        candidateModelId: "matrix-model",
        baselineModelId: "offline-demo",
        sharePercent: 10,
      });
    },
    expect: adminOnly,
  },
  { fn: "getTrialResults", call: (a) => getTrialResults(a), expect: adminOnly },
  { fn: "listPromotions", call: (a) => listPromotions(a), expect: adminOnly },
  {
    fn: "promoteModel",
    call: (a) => promoteModel(a, { modelId: "matrix-model" }),
    expect: adminOnly,
  },
  {
    fn: "undoPromotion",
    call: async (a) => {
      const promotion = await db().promotion.create({ data: { modelId: "matrix-model" } });
      await db().registryState.update({ where: { id: 1 }, data: { defaultModelId: "matrix-model" } });
      return undoPromotion(a, { promotionId: promotion.id });
    },
    expect: adminOnly,
  },
];

// Admin → Fine-tuning: accounts, jobs, registration and lineage. Nothing here reaches a provider: a
// job just started is only stored, and cancelling one still uploading is done here.
const accountForm = {
  kind: "openai-compatible",
  name: "Matrix trainer",
  baseUrl: "http://127.0.0.1:9/v1",
  apiKey: "",
};
async function matrixAccount(): Promise<string> {
  const row = await db().fineTuneAccount.create({
    data: { kind: "openai_compatible", name: "Matrix account", baseUrl: "http://127.0.0.1:9/v1" },
  });
  return row.id;
}
const fineTuningRows: Row[] = [
  { fn: "getFineTuningOverview", call: (a) => getFineTuningOverview(a), expect: adminOnly },
  { fn: "getFineTuneJob", call: async (a) => getFineTuneJob(a, (await seedJob()).id), expect: adminOnly },
  {
    fn: "getModelLineage",
    call: (a, w) => getModelLineage(a, w.provider.modelConfigId),
    expect: adminOnly,
  },
  { fn: "createFineTuneAccount", call: (a) => createFineTuneAccount(a, accountForm), expect: adminOnly },
  {
    fn: "updateFineTuneAccount",
    call: async (a) => updateFineTuneAccount(a, { ...accountForm, accountId: await matrixAccount() }),
    expect: adminOnly,
  },
  {
    fn: "deleteFineTuneAccount",
    call: async (a) => deleteFineTuneAccount(a, { accountId: await matrixAccount() }),
    expect: adminOnly,
  },
  {
    fn: "startFineTuneJob",
    call: async (a, w) =>
      startFineTuneJob(a, {
        datasetId: (await seedTrainingDataset()).id,
        credentials: `provider:${w.provider.id}`,
        baseModel: "matrix-model",
        method: "sft",
        epochs: "",
        learningRateMultiplier: "",
        learningRate: "",
        batchSize: "",
        loraRank: "",
        beta: "",
        suffix: "",
        seed: "",
      }),
    expect: adminOnly,
  },
  {
    fn: "cancelFineTuneJob",
    call: async (a) => cancelFineTuneJob(a, { jobId: (await seedJob()).id }),
    expect: adminOnly,
  },
  {
    fn: "resumeFineTuneJob",
    call: async (a) => resumeFineTuneJob(a, { jobId: (await seedJob({ status: "failed" })).id }),
    expect: adminOnly,
  },
  {
    fn: "registerJobModel",
    call: async (a, w) => {
      const job = await seedJob({ status: "succeeded", fineTunedModel: "ft:matrix" });
      return registerJobModel(a, { jobId: job.id, providerId: w.provider.id });
    },
    expect: adminOnly,
  },
  {
    fn: "setModelLineage",
    call: (a, w) =>
      setModelLineage(a, {
        modelConfigId: w.provider.modelConfigId,
        baseModel: "base-model",
        datasetSha256: "a".repeat(64),
        method: "sft",
        hyperparameters: '{"epochs": 1}',
      }),
    expect: adminOnly,
  },
];

// Admin → Evaluations: a dataset with a validation split, and an evaluation (judged by admins) with one
// answered pair, made by the world's admin.
async function evaluationSetup(w: World) {
  const datasetId = await seedDataset({ format: "trl-sft", train: sftLines(2), validation: sftLines(2) });
  return {
    candidateModelId: "matrix-model",
    baselineModelId: "offline-demo",
    datasetId,
    judge: "admins",
    concurrency: 1,
    costCapUsd: 5,
    createdById: w.actors.admin!.userId,
  };
}
async function answeredEvaluation(w: World): Promise<{ evaluationId: string; itemId: string }> {
  const { createdById, datasetId } = await evaluationSetup(w);
  const ex = await createExchange(createdById, { answers: 2 });
  const evaluation = await db().evaluation.create({
    data: {
      candidateModelId: "matrix-model",
      baselineModelId: "offline-demo",
      datasetId,
      judge: "admins",
      status: "judging",
      createdById,
      items: {
        create: {
          position: 0,
          prompt: [{ role: "user", content: "What is a flywheel?" }],
          conversationId: ex.conversation.id,
          promptMessageId: ex.question.id,
          candidateAnswerId: ex.answers[0]!.id,
          baselineAnswerId: ex.answers[1]!.id,
          candidateFirst: true,
          status: "answered",
        },
      },
    },
    include: { items: true },
  });
  return { evaluationId: evaluation.id, itemId: evaluation.items[0]!.id };
}
const evaluationRows: Row[] = [
  {
    fn: "evaluationFormOptions",
    call: (a) => evaluationFormOptions(a, "matrix-model"),
    expect: adminOnly,
  },
  {
    fn: "estimateEvaluation",
    call: async (a, w) => estimateEvaluation(a, await evaluationSetup(w)),
    expect: adminOnly,
  },
  {
    fn: "createEvaluation",
    call: async (a, w) => createEvaluation(a, await evaluationSetup(w)),
    expect: adminOnly,
  },
  {
    fn: "cancelEvaluation",
    call: async (a, w) => cancelEvaluation(a, { evaluationId: (await answeredEvaluation(w)).evaluationId }),
    expect: adminOnly,
  },
  { fn: "listEvaluations", call: (a) => listEvaluations(a), expect: adminOnly },
  {
    fn: "getEvaluationResult",
    call: async (a, w) => getEvaluationResult(a, (await answeredEvaluation(w)).evaluationId),
    expect: adminOnly,
  },
  {
    fn: "reviewQueue",
    call: async (a, w) => reviewQueue(a, (await answeredEvaluation(w)).evaluationId),
    expect: adminOnly,
  },
  {
    fn: "reviewItem",
    call: async (a, w) => reviewItem(a, { itemId: (await answeredEvaluation(w)).itemId, choice: "A" }),
    expect: adminOnly,
  },
  {
    fn: "getEvaluationResult (missing id)",
    call: (a) => getEvaluationResult(a, randomUUID()),
    expect: { ...adminOnly, admin: "NOT_FOUND" },
  },
  {
    fn: "reviewItem (missing id)",
    call: (a) => reviewItem(a, { itemId: randomUUID(), choice: "A" }),
    expect: { ...adminOnly, admin: "NOT_FOUND" },
  },
];

const rows: Row[] = [
  { fn: "getSettings", call: (a) => getSettings(a), expect: selfService },
  { fn: "updateProfile", call: (a) => updateProfile(a, { name: "Renamed" }), expect: selfService },
  {
    fn: "changePassword",
    call: (a) => changePassword(a, { currentPassword: PASSWORD, newPassword: "another long password" }),
    expect: selfService,
  },
  { fn: "setTrainingConsent", call: (a) => setTrainingConsent(a, { consent: false }), expect: selfService },
  { fn: "signOutEverywhere", call: (a) => signOutEverywhere(a), expect: selfService },
  {
    fn: "deleteAccount",
    call: (a, w) => deleteAccount(a, { confirmation: w.emailOf(a) }),
    expect: selfService,
  },
  { fn: "availableModels", call: (a) => availableModels(a), expect: selfService },
  { fn: "getAdminTotals", call: (a) => getAdminTotals(a), expect: adminOnly },
  { fn: "listUsers", call: (a) => listUsers(a, { search: "" }), expect: adminOnly },
  {
    fn: "setUserRole",
    call: (a, w) => setUserRole(a, { userId: w.target.id, role: "ADMIN" }),
    expect: adminOnly,
  },
  {
    fn: "setUserDisabled",
    call: (a, w) => setUserDisabled(a, { userId: w.target.id, disabled: true }),
    expect: adminOnly,
  },
  ...modelRows,
  ...fineTuningRows,
  ...datasetRows,
  { fn: "getMyUsage", call: (a) => getMyUsage(a), expect: selfService },
  { fn: "createApiKey", call: (a) => createApiKey(a, { name: "k", scopes: ["chat"] }), expect: selfService },
  { fn: "listMyApiKeys", call: (a) => listMyApiKeys(a), expect: selfService },
  { fn: "listUserApiKeys", call: (a, w) => listUserApiKeys(a, w.target.id), expect: adminOnly },
  {
    // Another user's key: only an admin finds it.
    fn: "revokeApiKey",
    call: async (a, w) => {
      const { prefix, hash } = newApiKey();
      const key = await db().apiKey.create({
        data: { userId: w.target.id, name: "theirs", prefix, hash, scopes: ["chat"] },
      });
      return revokeApiKey(a, { keyId: key.id });
    },
    expect: { ...selfService, user: "NOT_FOUND" },
  },
  // Admin → Users → API access: which roles may use the API.
  { fn: "getAppSettings", call: (a) => getAppSettings(a), expect: adminOnly },
  { fn: "setApiRoles", call: (a) => setApiRoles(a, { apiRoles: ["ADMIN"] }), expect: adminOnly },
  {
    fn: "updateFeatureSettings",
    call: (a) => updateFeatureSettings(a, { leaderboardPublic: true }),
    expect: adminOnly,
  },
  { fn: "getUsageReport", call: (a) => getUsageReport(a, { days: "7" }), expect: adminOnly },
  { fn: "openUsageCsv", call: (a) => openUsageCsv(a, { days: "7" }), expect: adminOnly },
  { fn: "listBudgets", call: (a) => listBudgets(a), expect: adminOnly },
  {
    fn: "setRoleBudget",
    call: (a) => setRoleBudget(a, { role: "USER", unit: "usd", monthlyLimit: "5" }),
    expect: adminOnly,
  },
  {
    fn: "setUserBudget",
    call: (a, w) => setUserBudget(a, { email: w.target.email, unit: "tokens", monthlyLimit: "1000" }),
    expect: adminOnly,
  },
  {
    fn: "removeBudget",
    call: async (a) => {
      const budget = await db().budget.create({ data: { role: "USER", unit: "usd", monthlyLimit: 1 } });
      return removeBudget(a, { budgetId: budget.id });
    },
    expect: adminOnly,
  },
  // The leaderboard: admins always; signed-in users only while an admin has made it public.
  {
    fn: "getLeaderboard (private)",
    call: async (a, w) => {
      await updateFeatureSettings(w.actors.admin, { leaderboardPublic: false });
      return getLeaderboard(a, { period: "30d" });
    },
    expect: adminOnly,
  },
  {
    fn: "getLeaderboard (public)",
    call: async (a, w) => {
      await updateFeatureSettings(w.actors.admin, { leaderboardPublic: true });
      return getLeaderboard(a, { period: "30d" });
    },
    expect: { ...adminOnly, user: "ok" },
  },
  ...apiFeedbackRows,
  ...playgroundRows,
  ...presetRows,
  ...arenaRows,
  ...resumeRows,
  ...trialRows,
  ...evaluationRows,
];

async function world(): Promise<World> {
  const user = await createUser();
  const admin = await createUser({ role: "ADMIN" });
  // A second active admin, so that the admin under test may delete itself.
  await createUser({ role: "ADMIN" });
  const disabledUser = await createUser({ disabled: true });
  const disabledAdmin = await createUser({ role: "ADMIN", disabled: true });
  const staleAdmin = await createUser({ role: "ADMIN" });
  await db().user.update({ where: { id: staleAdmin.user.id }, data: { sessionEpoch: 1 } });
  const target = await createUser();
  const emails = new Map<string, string>(
    [user, admin, disabledUser, disabledAdmin, staleAdmin, target].map(({ user: u }) => [u.id, u.email]),
  );
  return {
    actors: {
      anonymous: null,
      "unknown id": { userId: randomUUID() },
      "disabled user": disabledUser.actor,
      user: user.actor,
      admin: admin.actor,
      "disabled admin": disabledAdmin.actor,
      "stale admin": { userId: staleAdmin.user.id, sessionEpoch: 0 },
    },
    target: { id: target.user.id, email: target.user.email },
    provider: await matrixProvider(),
    emailOf: (actor) => (actor ? (emails.get(actor.userId) ?? "nobody@example.test") : "nobody@example.test"),
  };
}

async function matrixProvider(): Promise<World["provider"]> {
  const provider = await db().provider.create({
    data: { type: "openai_compatible", name: "Matrix", baseUrl: fake.url },
  });
  const model = await db().modelConfig.create({
    data: {
      providerId: provider.id,
      modelId: "matrix-model",
      upstreamId: "matrix-model",
      displayName: "M",
      contextWindow: 8192,
    },
  });
  return { id: provider.id, modelConfigId: model.id };
}

describe("access matrix", () => {
  beforeAll(async () => {
    fake = await startFakeOpenAI();
  });
  afterAll(() => fake.close());
  beforeEach(async () => {
    await resetDatabase();
  });

  for (const row of rows) {
    for (const [kind, expected] of Object.entries(row.expect) as [Kind, Expect][]) {
      it(`${row.fn} as ${kind} → ${expected}`, async () => {
        const w = await world();
        const outcome = await row.call(w.actors[kind], w).then(
          () => "ok" as const,
          (error: unknown) => (error instanceof AppError ? error.code : error),
        );
        expect(outcome).toBe(expected);
      });
    }
  }

  it("dataset work on a missing or malformed id is not found, for an admin too", async () => {
    const w = await world();
    for (const datasetId of [randomUUID(), "not-an-id"]) {
      await expect(getDataset(w.actors.admin, { datasetId })).rejects.toMatchObject({ code: "NOT_FOUND" });
      await expect(deleteDataset(w.actors.admin, { datasetId })).rejects.toMatchObject({ code: "NOT_FOUND" });
      await expect(openDatasetDownload(w.actors.admin, { datasetId })).rejects.toMatchObject({
        code: "NOT_FOUND",
      });
    }
  });

  it("admin actions on a missing user are not found", async () => {
    const w = await world();
    await expect(setUserRole(w.actors.admin, { userId: randomUUID(), role: "USER" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(
      setUserDisabled(w.actors.admin, { userId: randomUUID(), disabled: true }),
    ).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });

  it("a vote on missing answers is not found, for a user and an admin alike", async () => {
    const w = await world();
    for (const actor of [w.actors.user, w.actors.admin]) {
      await expect(
        voteArena(actor, { answerIds: [randomUUID(), randomUUID()], verdict: "tie" }),
      ).rejects.toMatchObject({ code: "NOT_FOUND" });
    }
  });

  it("admin actions validate their input", async () => {
    const w = await world();
    await expect(setUserRole(w.actors.admin, { userId: "not-a-uuid", role: "ADMIN" })).rejects.toMatchObject({
      code: "VALIDATION",
    });
    await expect(setUserRole(w.actors.admin, { userId: w.target.id, role: "ROOT" })).rejects.toMatchObject({
      code: "VALIDATION",
    });
  });
});
