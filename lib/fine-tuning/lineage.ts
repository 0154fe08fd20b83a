import "server-only";
import { z } from "zod";
import type { Prisma } from "../db/generated/client";
import { AppError, notFound } from "../errors/app-error";
import { parseInput } from "../errors/parse-input";
import { requireAdmin, type Actor } from "../auth/actor";
import { recordAudit } from "../audit/record-audit";
import { changeRegistry } from "../models/admin/registry-change";
import { setModelLineageInput } from "./schemas";

/** Where a fine-tuned model came from: ModelConfig.lineage (prisma/schema.prisma says the same). */
export type Lineage = {
  baseModel: string;
  datasetId: string | null;
  datasetSha256: string;
  jobId: string | null;
  method: "sft" | "dpo";
  hyperparameters: Record<string, unknown>;
  trainedElsewhere: boolean;
  notes?: string;
};

const storedLineage = z.object({
  baseModel: z.string(),
  datasetId: z.string().nullable().optional().default(null),
  datasetSha256: z.string(),
  jobId: z.string().nullable().optional().default(null),
  method: z.enum(["sft", "dpo"]),
  hyperparameters: z.record(z.string(), z.unknown()).catch({}),
  trainedElsewhere: z.boolean().catch(false),
  notes: z.string().optional(),
});

/** A stored lineage as a page may show it, or null when the model has none (or it is unreadable). */
export function readLineage(value: unknown): Lineage | null {
  const parsed = storedLineage.safeParse(value);
  return parsed.success ? parsed.data : null;
}

export function lineageJson(lineage: Lineage): Prisma.InputJsonObject {
  return lineage as unknown as Prisma.InputJsonObject;
}

/**
 * Sets the lineage of a model trained elsewhere (TRL on one's own GPUs, served by vLLM) by hand: the
 * same fields a fine-tuning job records, marked trainedElsewhere. A dataset picked from the saved ones
 * lends its hash; a pasted hash stands alone.
 */
export async function setModelLineage(actor: Actor, raw: unknown): Promise<{ modelConfigId: string }> {
  const admin = await requireAdmin(actor);
  const input = parseInput(setModelLineageInput, raw, "Check the highlighted fields.");
  return changeRegistry(async (tx) => {
    const model = await tx.modelConfig.findUnique({
      where: { id: input.modelConfigId },
      select: { id: true, modelId: true, lineage: true },
    });
    if (!model) throw notFound("Model not found.");
    let datasetSha256 = input.datasetSha256;
    if (input.datasetId) {
      const dataset = await tx.dataset.findUnique({
        where: { id: input.datasetId },
        select: { sha256: true },
      });
      if (!dataset) {
        const message = "That dataset no longer exists. Pick another or paste its hash.";
        throw new AppError("VALIDATION", message, { datasetId: message });
      }
      datasetSha256 = dataset.sha256;
    }
    const before = readLineage(model.lineage);
    const lineage: Lineage = {
      baseModel: input.baseModel,
      datasetId: input.datasetId,
      datasetSha256,
      // A job's record stays with the model when an admin corrects it by hand.
      jobId: before?.jobId ?? null,
      method: input.method,
      hyperparameters: input.hyperparameters,
      trainedElsewhere: before?.jobId ? false : true,
      ...(input.notes ? { notes: input.notes } : {}),
    };
    await tx.modelConfig.update({ where: { id: model.id }, data: { lineage: lineageJson(lineage) } });
    await recordAudit(tx, admin, {
      action: "model.lineage",
      targetType: "model",
      targetId: model.modelId,
      details: {
        model: model.modelId,
        before: before ? lineageJson(before) : null,
        after: lineageJson(lineage),
      },
    });
    return { modelConfigId: model.id };
  });
}
