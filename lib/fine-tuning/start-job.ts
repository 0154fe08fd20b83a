import "server-only";
import { db } from "../db/client";
import { AppError } from "../errors/app-error";
import { parseInput } from "../errors/parse-input";
import { requireAdmin, type Actor } from "../auth/actor";
import { recordAudit } from "../audit/record-audit";
import type { FineTuneProviderKind } from "../db/generated/enums";
import { datasetForTraining } from "../datasets/trainable";
import { adapterFor } from "./adapters";
import { FineTuneProviderError, type FineTuneHyperparameters } from "./adapters/types";
import { kindOfProviderType } from "./credentials";
import { lockJobRequestSql } from "./jobs-sql";
import { METHOD_OF_FORMAT } from "./methods";
import { requestKeyOf } from "./request-key";
import { startJobInput } from "./schemas";

const ACTIVE = ["uploading", "validating", "queued", "running"] as const;

function fieldError(field: string, message: string): AppError {
  return new AppError("VALIDATION", message, { [field]: message });
}

async function credentialsOwner(ref: { type: "account" | "provider"; id: string }) {
  if (ref.type === "account") {
    const account = await db().fineTuneAccount.findUnique({ where: { id: ref.id }, select: { kind: true } });
    if (!account) throw fieldError("credentials", "That account no longer exists. Pick another one.");
    return { accountId: ref.id, providerId: null, kind: account.kind };
  }
  const provider = await db().provider.findUnique({ where: { id: ref.id }, select: { type: true } });
  const kind: FineTuneProviderKind | null = provider ? kindOfProviderType(provider.type) : null;
  if (!kind)
    throw fieldError(
      "credentials",
      "That provider cannot fine-tune. Pick an OpenAI or OpenAI-compatible one.",
    );
  return { accountId: null, providerId: ref.id, kind };
}

/**
 * Starts a fine-tuning job: checks everything that can be checked here (the dataset is not flagged,
 * its format suits the method, the provider's limits and `check()`), then stores the job as
 * `uploading`. The poller uploads and creates it on the provider, so a slow provider never holds up
 * the page. The same request started twice (two admins at once) is one job: the second gets the first.
 */
export async function startFineTuneJob(
  actor: Actor,
  raw: unknown,
): Promise<{ jobId: string; existing: boolean }> {
  const admin = await requireAdmin(actor);
  const input = parseInput(startJobInput, raw, "Check the highlighted fields.");
  const owner = await credentialsOwner(input.credentials);
  let training: Awaited<ReturnType<typeof datasetForTraining>>;
  try {
    training = await datasetForTraining(input.datasetId);
  } catch (error) {
    // Flagged ("contains withdrawn data — rebuild before training") or deleted: the reason, as said.
    const message = error instanceof Error ? error.message : "That dataset cannot be trained on.";
    throw fieldError("datasetId", message);
  }
  const formatMethod = METHOD_OF_FORMAT[training.dataset.format];
  if (!formatMethod) {
    throw fieldError(
      "datasetId",
      `A ${training.dataset.format} dataset is for training elsewhere. Pick an openai-sft or openai-dpo dataset.`,
    );
  }
  if (formatMethod !== input.method) {
    throw fieldError(
      "method",
      `This dataset is for ${formatMethod === "sft" ? "supervised" : "DPO"} training.`,
    );
  }
  const adapter = adapterFor(owner.kind);
  if (!adapter.limits.methods.includes(input.method)) {
    throw fieldError("method", "This provider does not offer that method.");
  }
  const hyperparameters: FineTuneHyperparameters = {
    ...(input.epochs !== null ? { epochs: input.epochs } : {}),
    ...(input.learningRateMultiplier !== null
      ? { learningRateMultiplier: input.learningRateMultiplier }
      : {}),
    ...(input.learningRate !== null ? { learningRate: input.learningRate } : {}),
    ...(input.batchSize !== null ? { batchSize: input.batchSize } : {}),
    ...(input.loraRank !== null ? { loraRank: input.loraRank } : {}),
    ...(input.beta !== null ? { beta: input.beta } : {}),
  };
  if (input.suffix && input.suffix.length > adapter.limits.maxSuffixLength) {
    throw fieldError(
      "suffix",
      `This provider takes a suffix of at most ${adapter.limits.maxSuffixLength} characters.`,
    );
  }
  const request = {
    baseModel: input.baseModel,
    method: input.method,
    hyperparameters,
    suffix: input.suffix,
    seed: input.seed,
  };
  try {
    adapter.check({ train: training.train, validation: training.validation }, request);
  } catch (error) {
    if (error instanceof FineTuneProviderError) {
      // The adapter names the field it refused; the form calls the dataset field datasetId.
      if (!error.field) throw new AppError("VALIDATION", error.message);
      throw fieldError(error.field === "dataset" ? "datasetId" : error.field, error.message);
    }
    throw error;
  }
  const requestKey = requestKeyOf({
    ...request,
    datasetId: training.dataset.id,
    datasetSha256: training.dataset.sha256,
    accountId: owner.accountId,
    providerId: owner.providerId,
  });
  return db().$transaction(async (tx) => {
    await tx.$executeRaw(lockJobRequestSql(requestKey));
    const running = await tx.fineTuneJob.findFirst({
      where: { requestKey, status: { in: [...ACTIVE] } },
      select: { id: true },
    });
    if (running) return { jobId: running.id, existing: true };
    const job = await tx.fineTuneJob.create({
      data: {
        datasetId: training.dataset.id,
        datasetSha256: training.dataset.sha256,
        accountId: owner.accountId,
        providerId: owner.providerId,
        kind: owner.kind,
        baseModel: input.baseModel,
        method: input.method,
        hyperparameters,
        suffix: input.suffix,
        seed: input.seed,
        status: "uploading",
        requestKey,
        createdById: admin.id,
      },
      select: { id: true },
    });
    await recordAudit(tx, admin, {
      action: "finetuneJob.create",
      targetType: "finetuneJob",
      targetId: job.id,
      details: {
        dataset: training.dataset.name,
        datasetSha256: training.dataset.sha256,
        kind: owner.kind,
        baseModel: input.baseModel,
        method: input.method,
        hyperparameters,
      },
    });
    return { jobId: job.id, existing: false };
  });
}
