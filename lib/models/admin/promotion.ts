import "server-only";
import { db } from "../../db/client";
import { AppError, notFound } from "../../errors/app-error";
import { parseInput } from "../../errors/parse-input";
import { requireAdmin, type Actor } from "../../auth/actor";
import { recordAudit } from "../../audit/record-audit";
import { promoteModelInput, undoPromotionInput } from "../../evaluation/trial/schemas";
import { readDefaultModelId } from "./default-model";
import { reservedModelIds } from "./registry-ids";
import { changeRegistry, type Tx } from "./registry-change";

// "Promote to default" (docs/fine-tuning.md): the last step of the loop. A promotion is its own row
// (who, when, from → to) so it can be listed and undone; the default itself stays in RegistryState,
// where every instance already looks for it.

export type PromotionView = {
  id: string;
  modelId: string;
  /** The stored default it replaced; null = the settings' DEFAULT_MODEL decided. */
  previousDefaultId: string | null;
  promotedBy: string | null;
  createdAt: Date;
  undoneAt: Date | null;
  undoneBy: string | null;
  /** Only the latest promotion, not yet undone, can be undone. */
  undoable: boolean;
};

/** Serialises every promotion and undo on the registry's one row, so "latest" means the same to both. */
async function lockRegistryState(tx: Tx): Promise<void> {
  await tx.registryState.upsert({
    where: { id: 1 },
    create: { id: 1 },
    update: { version: { increment: 0 } },
  });
}

type Servable = { servable: boolean; disabled: boolean };

/** Whether the id names a model the registry can serve to users (maybe once enabled). */
async function servable(tx: Tx, modelId: string): Promise<Servable> {
  if (reservedModelIds().has(modelId)) return { servable: true, disabled: false };
  const model = await tx.modelConfig.findUnique({
    where: { modelId },
    select: { enabled: true, provider: { select: { enabled: true } } },
  });
  if (!model || !model.provider.enabled) return { servable: false, disabled: false };
  return { servable: true, disabled: !model.enabled };
}

/**
 * Makes the model the default for new chats, enabling it first when it is disabled (a fine-tuned
 * candidate is registered disabled), in one transaction with its Promotion row, its audit line and the
 * registry version bump: every instance serves it within the registry's check interval. Admin-only.
 */
export async function promoteModel(actor: Actor, raw: unknown): Promise<PromotionView> {
  const admin = await requireAdmin(actor);
  const { modelId } = parseInput(promoteModelInput, raw, "Choose a model.");
  return changeRegistry(async (tx) => {
    await lockRegistryState(tx);
    const state = await servable(tx, modelId);
    if (!state.servable) {
      const message = "Choose a registered model of an enabled provider.";
      throw new AppError("VALIDATION", message, { modelId: message });
    }
    const before = await readDefaultModelId(tx);
    if (before === modelId && !state.disabled) {
      throw new AppError("CONFLICT", "This model is already the default for new chats.");
    }
    if (state.disabled) await tx.modelConfig.update({ where: { modelId }, data: { enabled: true } });
    await tx.registryState.update({ where: { id: 1 }, data: { defaultModelId: modelId } });
    const promotion = await tx.promotion.create({
      data: { modelId, previousDefaultId: before, promotedById: admin.id },
    });
    await recordAudit(tx, admin, {
      action: "model.promote",
      targetType: "model",
      targetId: modelId,
      details: {
        promotionId: promotion.id,
        before: { defaultModelId: before },
        after: { defaultModelId: modelId },
        // Undo reads this to disable the model again.
        enabledModel: state.disabled,
      },
    });
    return {
      ...promotion,
      promotedBy: admin.email,
      undoneBy: null,
      undoable: true,
    };
  });
}

/**
 * Undoes the latest promotion: the previous default comes back, and the model is disabled again when
 * the promotion enabled it. Refused when the promotion is not the latest, is already undone, or the
 * default was changed since (undoing would silently discard that change). Admin-only.
 */
export async function undoPromotion(actor: Actor, raw: unknown): Promise<{ defaultModelId: string | null }> {
  const admin = await requireAdmin(actor);
  const { promotionId } = parseInput(undoPromotionInput, raw);
  return changeRegistry(async (tx) => {
    await lockRegistryState(tx);
    const promotion = await tx.promotion.findUnique({ where: { id: promotionId } });
    if (!promotion) throw notFound("Promotion not found.");
    const latest = await tx.promotion.findFirst({ orderBy: { createdAt: "desc" }, select: { id: true } });
    if (latest?.id !== promotion.id)
      throw new AppError("CONFLICT", "Only the latest promotion can be undone.");
    if (promotion.undoneAt) throw new AppError("CONFLICT", "This promotion was already undone.");
    const current = await readDefaultModelId(tx);
    if (current !== promotion.modelId) {
      throw new AppError(
        "CONFLICT",
        "The default model was changed since this promotion; choose the default on the models page instead.",
      );
    }
    const previous = promotion.previousDefaultId;
    if (previous !== null) {
      const state = await servable(tx, previous);
      if (!state.servable || state.disabled) {
        throw new AppError(
          "CONFLICT",
          `The previous default (${previous}) is no longer available; choose the default on the models page.`,
        );
      }
    }
    const line = await tx.auditLog.findFirst({
      where: { action: "model.promote", details: { path: ["promotionId"], equals: promotion.id } },
      select: { details: true },
    });
    const details = line?.details;
    const enabledModel =
      details !== null &&
      typeof details === "object" &&
      !Array.isArray(details) &&
      details.enabledModel === true;
    await tx.registryState.update({ where: { id: 1 }, data: { defaultModelId: previous } });
    if (enabledModel) {
      await tx.modelConfig.updateMany({ where: { modelId: promotion.modelId }, data: { enabled: false } });
    }
    await tx.promotion.update({
      where: { id: promotion.id },
      data: { undoneAt: new Date(), undoneById: admin.id },
    });
    await recordAudit(tx, admin, {
      action: "model.promote.undo",
      targetType: "model",
      targetId: promotion.modelId,
      details: {
        promotionId: promotion.id,
        before: { defaultModelId: promotion.modelId },
        after: { defaultModelId: previous },
        disabledModel: enabledModel,
      },
    });
    return { defaultModelId: previous };
  });
}

/** The promotions, newest first (who, when, from → to, undone). Admin-only. */
export async function listPromotions(actor: Actor, limit = 50): Promise<PromotionView[]> {
  await requireAdmin(actor);
  const rows = await db().promotion.findMany({ orderBy: { createdAt: "desc" }, take: limit });
  const ids = [
    ...new Set(rows.flatMap((row) => [row.promotedById, row.undoneById]).filter((id) => id !== null)),
  ];
  const users = await db().user.findMany({ where: { id: { in: ids } }, select: { id: true, email: true } });
  const email = (id: string | null) =>
    id ? (users.find((u) => u.id === id)?.email ?? "(deleted user)") : null;
  return rows.map((row, index) => ({
    ...row,
    promotedBy: email(row.promotedById),
    undoneBy: email(row.undoneById),
    undoable: index === 0 && row.undoneAt === null,
  }));
}
