import "server-only";
import { randomInt } from "node:crypto";
import { db } from "../db/client";
import { pool } from "../db/client";
import { AppError, notFound } from "../errors/app-error";
import { parseInput } from "../errors/parse-input";
import { requireAdmin, type Actor } from "../auth/actor";
import { recordAudit } from "../audit/record-audit";
import { modelsForRole, resolveModelForEvaluation, type ResolvedModel } from "../models/registry";
import { estimateCost, type CostEstimate } from "./estimate";
import { validationPrompts } from "./prompts";
import { createEvaluationInput, estimateEvaluationInput, evaluationIdInput } from "./schemas";
import { STOP_EVALUATION_ANSWERS } from "./runner-sql";

type Setup = {
  candidateModelId: string;
  baselineModelId: string;
  datasetId: string;
  judge: "admins" | "model";
  judgeModelId?: string | undefined;
};

/** A model the set-up names, or a field error naming why it cannot be called. */
async function resolveField(field: string, modelId: string): Promise<ResolvedModel> {
  try {
    return await resolveModelForEvaluation(modelId);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    throw new AppError("VALIDATION", error.message, { [field]: error.message });
  }
}

/** The set-up's models and prompts, and what replaying them would cost at most. */
async function prepare(setup: Setup) {
  const candidate = await resolveField("candidateModelId", setup.candidateModelId);
  const baseline = await resolveField("baselineModelId", setup.baselineModelId);
  const judge =
    setup.judge === "model" && setup.judgeModelId
      ? await resolveField("judgeModelId", setup.judgeModelId)
      : null;
  const dataset = await db().dataset.findUnique({
    where: { id: setup.datasetId },
    select: { id: true, format: true, files: true },
  });
  if (!dataset) {
    throw new AppError("VALIDATION", "Pick a dataset with a validation split.", {
      datasetId: "Pick a dataset with a validation split.",
    });
  }
  const prompts = await validationPrompts(dataset);
  const estimate = await estimateCost(prompts, candidate, baseline, judge);
  return { prompts, estimate };
}

/** "Estimate cost": what the set-up would cost at most, before anything starts. */
export async function estimateEvaluation(actor: Actor, raw: unknown): Promise<CostEstimate> {
  await requireAdmin(actor);
  const setup = parseInput(estimateEvaluationInput, raw);
  return (await prepare(setup)).estimate;
}

const money = (usd: number) => `$${usd < 1 ? usd.toFixed(4) : usd.toFixed(2)}`;

/**
 * Starts a held-out replay: one item per validation prompt, each with its blind order drawn now. It
 * is refused (a field error on the cap, nothing saved) when the estimate is over the cap. The runner
 * (lib/evaluation/runner.ts) picks it up.
 */
export async function createEvaluation(
  actor: Actor,
  raw: unknown,
): Promise<{ evaluationId: string; estimate: CostEstimate }> {
  const admin = await requireAdmin(actor);
  const input = parseInput(createEvaluationInput, raw);
  const { prompts, estimate } = await prepare(input);
  if (estimate.totalUsd > input.costCapUsd) {
    const message = `The estimated cost (${money(estimate.totalUsd)}) is over the cap (${money(input.costCapUsd)}): raise the cap to at least ${money(estimate.totalUsd)}.`;
    throw new AppError("VALIDATION", message, { costCapUsd: message });
  }
  const evaluation = await db().$transaction(async (tx) => {
    const created = await tx.evaluation.create({
      data: {
        candidateModelId: input.candidateModelId,
        baselineModelId: input.baselineModelId,
        datasetId: input.datasetId,
        judge: input.judge,
        judgeModelId: input.judge === "model" ? (input.judgeModelId ?? null) : null,
        concurrency: input.concurrency,
        costCapUsd: input.costCapUsd,
        estimatedCostUsd: estimate.totalUsd,
        createdById: admin.id,
        items: {
          create: prompts.map((prompt, position) => ({
            position,
            prompt: prompt.messages,
            candidateFirst: randomInt(2) === 1,
          })),
        },
      },
      select: { id: true },
    });
    await recordAudit(tx, admin, {
      action: "evaluation.create",
      targetType: "evaluation",
      targetId: created.id,
      details: {
        candidate: input.candidateModelId,
        baseline: input.baselineModelId,
        datasetId: input.datasetId,
        judge: input.judge === "model" ? `model:${input.judgeModelId}` : "admins",
        prompts: prompts.length,
        estimatedCostUsd: estimate.totalUsd,
        costCapUsd: input.costCapUsd,
      },
    });
    return created;
  });
  return { evaluationId: evaluation.id, estimate };
}

const FINISHED = ["done", "cancelled", "failed", "stopped"];

/**
 * Cancels an evaluation that has not finished: the runner takes no further prompt, answers being
 * generated are stopped, and what was answered and judged stays.
 */
export async function cancelEvaluation(actor: Actor, raw: unknown): Promise<{ status: string }> {
  const admin = await requireAdmin(actor);
  const { evaluationId } = parseInput(evaluationIdInput, raw);
  await db().$transaction(async (tx) => {
    const evaluation = await tx.evaluation.findUnique({
      where: { id: evaluationId },
      select: { status: true },
    });
    if (!evaluation) throw notFound("Evaluation not found.");
    if (FINISHED.includes(evaluation.status)) {
      throw new AppError("CONFLICT", `This evaluation has already ended (${evaluation.status}).`);
    }
    await tx.evaluation.update({
      where: { id: evaluationId },
      data: { status: "cancelled", finishedAt: new Date(), leaseOwner: null, leaseUntil: null },
    });
    await recordAudit(tx, admin, {
      action: "evaluation.cancel",
      targetType: "evaluation",
      targetId: evaluationId,
      details: { previousStatus: evaluation.status },
    });
  });
  await pool().query({ ...STOP_EVALUATION_ANSWERS, values: [evaluationId] });
  return { status: "cancelled" };
}

export type ModelOption = { id: string; name: string; enabled: boolean };
export type DatasetOption = { id: string; name: string; format: string; validationRows: number };

/**
 * What the "New evaluation" form offers: every model an admin may call (the registry's, plus the
 * registered but disabled ones, which fine-tuned candidates are until promoted), the datasets with
 * a validation split, and the defaults for `candidate`: its lineage's base model and dataset.
 */
export async function evaluationFormOptions(
  actor: Actor,
  candidate: string | undefined,
): Promise<{
  models: ModelOption[];
  datasets: DatasetOption[];
  defaults: { candidateModelId: string; baselineModelId: string; datasetId: string };
}> {
  await requireAdmin(actor);
  const { models: enabled, defaultModelId } = await modelsForRole("ADMIN");
  const models: ModelOption[] = enabled.map((m) => ({ id: m.id, name: m.name, enabled: true }));
  const disabled = await db().modelConfig.findMany({
    where: { enabled: false, provider: { enabled: true } },
    select: { modelId: true, displayName: true },
    orderBy: { displayName: "asc" },
  });
  for (const row of disabled) {
    if (!models.some((m) => m.id === row.modelId)) {
      models.push({ id: row.modelId, name: row.displayName, enabled: false });
    }
  }
  const datasets = await db().dataset.findMany({
    where: { validationRows: { gt: 0 } },
    select: { id: true, name: true, format: true, validationRows: true },
    orderBy: { createdAt: "desc" },
    take: 200,
  });
  const candidateId = candidate && models.some((m) => m.id === candidate) ? candidate : "";
  let baselineModelId = candidateId === defaultModelId ? "" : defaultModelId;
  let datasetId = "";
  if (candidateId) {
    const config = await db().modelConfig.findUnique({
      where: { modelId: candidateId },
      select: { lineage: true },
    });
    const lineage = (config?.lineage ?? null) as { baseModel?: unknown; datasetId?: unknown } | null;
    if (typeof lineage?.baseModel === "string" && models.some((m) => m.id === lineage.baseModel)) {
      baselineModelId = lineage.baseModel;
    }
    if (typeof lineage?.datasetId === "string" && datasets.some((d) => d.id === lineage.datasetId)) {
      datasetId = lineage.datasetId;
    }
  }
  return {
    models,
    datasets,
    defaults: {
      candidateModelId: candidateId,
      baselineModelId,
      datasetId: datasetId || (datasets[0]?.id ?? ""),
    },
  };
}
