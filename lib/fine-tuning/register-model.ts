import "server-only";
import { db } from "../db/client";
import { AppError, notFound } from "../errors/app-error";
import { parseInput } from "../errors/parse-input";
import { requireAdmin, type Actor, type ActiveUser } from "../auth/actor";
import { recordAudit } from "../audit/record-audit";
import { changeRegistry, isUniqueViolation, type Tx } from "../models/admin/registry-change";
import { newModelFigures } from "../models/admin/model-defaults";
import { fromDbType } from "../models/admin/provider-type";
import { lineageJson, type Lineage } from "./lineage";
import { registerJobModelInput } from "./schemas";

export type RegisterOutcome =
  | { registered: true; modelId: string }
  | { registered: false; reason: "no_provider" | "not_ready" | "id_taken" };

/** The provider that serves a job's result: the job's own, else its account's serving provider. */
async function servingProviderOf(job: { providerId: string | null; accountId: string | null }) {
  if (job.providerId) return job.providerId;
  if (!job.accountId) return null;
  const account = await db().fineTuneAccount.findUnique({
    where: { id: job.accountId },
    select: { servingProviderId: true },
  });
  return account?.servingProviderId ?? null;
}

/**
 * Registers a succeeded job's model on `providerId`, disabled (an admin evaluates it before anyone
 * chats with it), with its lineage, copying the base model's prices and window when the base is
 * registered there. Through the registry's change path, so every instance sees it. `auditAs` is the
 * admin who asked (Register) or who started the job (the poller registers on their behalf).
 */
async function register(
  jobId: string,
  providerId: string,
  auditAs: ActiveUser | null,
): Promise<RegisterOutcome> {
  try {
    return await changeRegistry(async (tx: Tx): Promise<RegisterOutcome> => {
      const job = await tx.fineTuneJob.findUnique({ where: { id: jobId } });
      if (!job) throw notFound("Job not found.");
      if (job.status !== "succeeded" || !job.fineTunedModel)
        return { registered: false, reason: "not_ready" };
      if (job.registeredModelId) return { registered: true, modelId: job.registeredModelId };
      const provider = await tx.provider.findUnique({
        where: { id: providerId },
        select: { type: true, name: true },
      });
      if (!provider) return { registered: false, reason: "no_provider" };
      const modelId = job.fineTunedModel;
      // Someone registered it by hand already (e.g. before this instance's poll): link it, keep theirs.
      const existing = await tx.modelConfig.findUnique({ where: { modelId }, select: { providerId: true } });
      if (existing) {
        if (existing.providerId !== providerId) return { registered: false, reason: "id_taken" };
        await tx.fineTuneJob.update({ where: { id: jobId }, data: { registeredModelId: modelId } });
        return { registered: true, modelId };
      }
      const base = await tx.modelConfig.findFirst({
        where: { OR: [{ providerId, upstreamId: job.baseModel }, { modelId: job.baseModel }] },
        orderBy: { createdAt: "asc" },
      });
      const figures = base
        ? {
            contextWindow: base.contextWindow,
            maxOutputTokens: base.maxOutputTokens,
            inputPricePerMTok: base.inputPricePerMTok,
            cachedInputPricePerMTok: base.cachedInputPricePerMTok,
            outputPricePerMTok: base.outputPricePerMTok,
          }
        : newModelFigures(fromDbType(provider.type), job.baseModel);
      const lineage: Lineage = {
        baseModel: job.baseModel,
        datasetId: job.datasetId,
        datasetSha256: job.datasetSha256,
        jobId: job.id,
        method: job.method === "dpo" ? "dpo" : "sft",
        hyperparameters: (job.hyperparameters ?? {}) as Record<string, unknown>,
        trainedElsewhere: false,
      };
      await tx.modelConfig.create({
        data: {
          providerId,
          modelId,
          upstreamId: modelId,
          displayName: job.suffix ? `${job.baseModel} (${job.suffix})` : modelId,
          description: `Fine-tuned from ${job.baseModel}.`,
          ...figures,
          lineage: lineageJson(lineage),
          enabled: false,
        },
      });
      await tx.fineTuneJob.update({ where: { id: jobId }, data: { registeredModelId: modelId } });
      if (auditAs) {
        await recordAudit(tx, auditAs, {
          action: "model.create",
          targetType: "model",
          targetId: modelId,
          details: { provider: provider.name, fineTuneJob: job.id, enabled: false },
        });
      }
      return { registered: true, modelId };
    });
  } catch (error) {
    // Two instances registering the same result at once: the other one won.
    if (isUniqueViolation(error)) return { registered: false, reason: "id_taken" };
    throw error;
  }
}

/** The poller's step after success: registers where the result is served, when that is known. */
export async function registerJobResult(jobId: string): Promise<RegisterOutcome> {
  const job = await db().fineTuneJob.findUnique({
    where: { id: jobId },
    select: { providerId: true, accountId: true, createdById: true },
  });
  if (!job) return { registered: false, reason: "not_ready" };
  const providerId = await servingProviderOf(job);
  if (!providerId) return { registered: false, reason: "no_provider" };
  const creator = job.createdById
    ? await db().user.findUnique({
        where: { id: job.createdById },
        select: { id: true, email: true, name: true, role: true, trainingConsent: true },
      })
    : null;
  return register(jobId, providerId, creator);
}

/** "Register": an admin picks the provider that serves a succeeded job's model (none was known). */
export async function registerJobModel(actor: Actor, raw: unknown): Promise<{ modelId: string }> {
  const admin = await requireAdmin(actor);
  const { jobId, providerId } = parseInput(
    registerJobModelInput,
    raw,
    "Choose the provider that serves this model.",
  );
  const outcome = await register(jobId, providerId, admin);
  if (outcome.registered) return { modelId: outcome.modelId };
  const messages = {
    no_provider: "That provider no longer exists. Pick another one.",
    not_ready: "This job has no trained model to register yet.",
    id_taken: "Another provider already has a model with this id. Remove it there first.",
  } as const;
  throw new AppError("VALIDATION", messages[outcome.reason], { providerId: messages[outcome.reason] });
}
