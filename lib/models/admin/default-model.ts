import "server-only";
import { AppError } from "../../errors/app-error";
import { parseInput } from "../../errors/parse-input";
import { requireAdmin, type Actor } from "../../auth/actor";
import { recordAudit } from "../../audit/record-audit";
import { setDefaultModelInput } from "./schemas";
import { reservedModelIds } from "./registry-ids";
import { changeRegistry, type Tx } from "./registry-change";

export async function readDefaultModelId(tx: Tx): Promise<string | null> {
  const state = await tx.registryState.findUnique({ where: { id: 1 }, select: { defaultModelId: true } });
  return state?.defaultModelId ?? null;
}

/**
 * Chooses the default model for new chats (over DEFAULT_MODEL), or clears the choice (null: the
 * settings decide again). It must be a model users can pick: from the settings, the offline model, or
 * an enabled model of an enabled provider.
 */
export async function setDefaultModel(actor: Actor, raw: unknown): Promise<{ modelId: string | null }> {
  const admin = await requireAdmin(actor);
  const { modelId } = parseInput(setDefaultModelInput, raw, "Choose a model.");
  return changeRegistry(async (tx) => {
    if (modelId !== null && !reservedModelIds().has(modelId)) {
      const model = await tx.modelConfig.findUnique({
        where: { modelId },
        select: { enabled: true, provider: { select: { enabled: true } } },
      });
      if (!model || !model.enabled || !model.provider.enabled) {
        const message = "Choose an enabled model.";
        throw new AppError("VALIDATION", message, { modelId: message });
      }
    }
    const before = await readDefaultModelId(tx);
    // Upsert: the row is made by the migration, but nothing is lost by making it here too.
    await tx.registryState.upsert({
      where: { id: 1 },
      create: { id: 1, defaultModelId: modelId },
      update: { defaultModelId: modelId },
    });
    if (before !== modelId) {
      await recordAudit(tx, admin, {
        action: "model.default",
        targetType: "model",
        targetId: modelId,
        details: { before: { defaultModelId: before }, after: { defaultModelId: modelId } },
      });
    }
    return { modelId };
  });
}
