import "server-only";
import type { Prisma } from "../../db/generated/client";
import { AppError, notFound } from "../../errors/app-error";
import { parseInput } from "../../errors/parse-input";
import { requireAdmin, type Actor } from "../../auth/actor";
import { recordAudit } from "../../audit/record-audit";
import {
  addModelInput,
  modelConfigIdInput,
  providerIdInput,
  setModelEnabledInput,
  updateModelInput,
} from "./schemas";
import { reservedModelIds } from "./registry-ids";
import { changeRegistry, isUniqueViolation, type Tx } from "./registry-change";
import { modelSnapshot, changedFields } from "./snapshots";
import { newModelFigures } from "./model-defaults";
import { fromDbType } from "./provider-type";
import { checkConnection, refuseIfDefaultAmong, storedEndpoint, type ConnectionOptions } from "./providers";

const modelColumns = {
  id: true,
  providerId: true,
  modelId: true,
  upstreamId: true,
  displayName: true,
  description: true,
  contextWindow: true,
  maxOutputTokens: true,
  inputPricePerMTok: true,
  cachedInputPricePerMTok: true,
  outputPricePerMTok: true,
  allowedRoles: true,
  defaultParams: true,
  enabled: true,
} as const;

function duplicate(modelId: string): AppError {
  const message = `The model id ${modelId} is already in use. Model ids are unique across all providers and the settings.`;
  return new AppError("VALIDATION", message, { modelId: message });
}

/** Adds a model by its id (a fine-tuned model's, for example), enabled, with the price table's figures. */
export async function addModel(actor: Actor, raw: unknown): Promise<{ modelConfigId: string }> {
  const admin = await requireAdmin(actor);
  const { providerId, modelId } = parseInput(addModelInput, raw);
  if (reservedModelIds().has(modelId)) throw duplicate(modelId);
  try {
    return await changeRegistry(async (tx) => {
      const provider = await tx.provider.findUnique({
        where: { id: providerId },
        select: { type: true, name: true },
      });
      if (!provider) throw notFound("Provider not found.");
      const row = await tx.modelConfig.create({
        data: {
          providerId,
          modelId,
          upstreamId: modelId,
          displayName: modelId,
          ...newModelFigures(fromDbType(provider.type), modelId),
        },
        select: modelColumns,
      });
      await recordAudit(tx, admin, {
        action: "model.create",
        targetType: "model",
        targetId: row.modelId,
        details: { provider: provider.name, after: modelSnapshot(row) },
      });
      return { modelConfigId: row.id };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicate(modelId);
    throw error;
  }
}

function defaultParams(input: { temperature: number | null; topP: number | null; maxTokens: number | null }) {
  const params: Prisma.InputJsonObject = {
    ...(input.temperature !== null ? { temperature: input.temperature } : {}),
    ...(input.topP !== null ? { topP: input.topP } : {}),
    ...(input.maxTokens !== null ? { maxTokens: input.maxTokens } : {}),
  };
  return params;
}

/** Edits what users see of a model, what it costs, who may use it and its default parameters. */
export async function updateModel(actor: Actor, raw: unknown): Promise<{ modelConfigId: string }> {
  const admin = await requireAdmin(actor);
  const input = parseInput(updateModelInput, raw, "Check the highlighted fields.");
  return changeRegistry(async (tx) => {
    const before = await tx.modelConfig.findUnique({
      where: { id: input.modelConfigId },
      select: { ...modelColumns, provider: { select: { name: true } } },
    });
    if (!before) throw notFound("Model not found.");
    if (before.enabled && !input.enabled) await refuseIfDefaultAmong(tx, [before.modelId], "disable it");
    const row = await tx.modelConfig.update({
      where: { id: input.modelConfigId },
      data: {
        displayName: input.displayName,
        description: input.description,
        contextWindow: input.contextWindow,
        maxOutputTokens: input.maxOutputTokens,
        inputPricePerMTok: input.inputPricePerMTok,
        cachedInputPricePerMTok: input.cachedInputPricePerMTok,
        outputPricePerMTok: input.outputPricePerMTok,
        allowedRoles: input.allowedRoles,
        defaultParams: defaultParams(input),
        enabled: input.enabled,
      },
      select: modelColumns,
    });
    const diff = changedFields(modelSnapshot(before), modelSnapshot(row));
    if (Object.keys(diff.after).length > 0) {
      await recordAudit(tx, admin, {
        action: "model.update",
        targetType: "model",
        targetId: row.modelId,
        details: { provider: before.provider.name, model: row.modelId, ...diff },
      });
    }
    return { modelConfigId: row.id };
  });
}

export async function setModelEnabled(actor: Actor, raw: unknown): Promise<{ enabled: boolean }> {
  const admin = await requireAdmin(actor);
  const { modelConfigId, enabled } = parseInput(setModelEnabledInput, raw, "Invalid input.");
  return changeRegistry(async (tx) => {
    const row = await tx.modelConfig.findUnique({
      where: { id: modelConfigId },
      select: { modelId: true, enabled: true, provider: { select: { name: true } } },
    });
    if (!row) throw notFound("Model not found.");
    if (row.enabled === enabled) return { enabled };
    if (!enabled) await refuseIfDefaultAmong(tx, [row.modelId], "disable it");
    await tx.modelConfig.update({ where: { id: modelConfigId }, data: { enabled } });
    await recordAudit(tx, admin, {
      action: "model.update",
      targetType: "model",
      targetId: row.modelId,
      details: {
        provider: row.provider.name,
        model: row.modelId,
        before: { enabled: row.enabled },
        after: { enabled },
      },
    });
    return { enabled };
  });
}

export async function deleteModel(actor: Actor, raw: unknown): Promise<{ deleted: true }> {
  const admin = await requireAdmin(actor);
  const { modelConfigId } = parseInput(modelConfigIdInput, raw, "Invalid input.");
  return changeRegistry(async (tx) => {
    const row = await tx.modelConfig.findUnique({
      where: { id: modelConfigId },
      select: { ...modelColumns, provider: { select: { name: true } } },
    });
    if (!row) throw notFound("Model not found.");
    await refuseIfDefaultAmong(tx, [row.modelId], "delete it");
    await tx.modelConfig.delete({ where: { id: modelConfigId } });
    await recordAudit(tx, admin, {
      action: "model.delete",
      targetType: "model",
      targetId: row.modelId,
      details: { provider: row.provider.name, before: modelSnapshot(row) },
    });
    return { deleted: true as const };
  });
}

export type RefreshResult = {
  /** Newly discovered, added disabled (a provider may list a hundred models; the admin picks). */
  added: string[];
  /** Listed, but their id is taken by the settings or another provider. */
  skipped: string[];
  /** Known here but no longer listed by the provider (kept: a fine-tuned or renamed model may be). */
  unlisted: string[];
};

/** "Refresh models": adds the models the provider lists that are not known yet. */
export async function refreshProviderModels(
  actor: Actor,
  raw: unknown,
  options: ConnectionOptions = {},
): Promise<RefreshResult> {
  const admin = await requireAdmin(actor);
  const { providerId } = parseInput(providerIdInput, raw, "Invalid input.");
  const endpoint = await storedEndpoint(providerId);
  const listed = await checkConnection(endpoint, options);
  const reserved = reservedModelIds();
  return changeRegistry(async (tx) => {
    const known = await tx.modelConfig.findMany({ where: { providerId }, select: { upstreamId: true } });
    const knownIds = new Set(known.map((m) => m.upstreamId));
    const candidates = listed.filter((m) => !knownIds.has(m.id));
    const takenElsewhere = await takenModelIds(
      tx,
      candidates.map((m) => m.id),
    );
    const result: RefreshResult = { added: [], skipped: [], unlisted: [] };
    const listedIds = new Set(listed.map((m) => m.id));
    result.unlisted = [...knownIds].filter((id) => !listedIds.has(id)).sort();
    const rows: Prisma.ModelConfigCreateManyInput[] = [];
    for (const model of candidates) {
      if (reserved.has(model.id) || takenElsewhere.has(model.id)) {
        result.skipped.push(model.id);
        continue;
      }
      result.added.push(model.id);
      rows.push({
        providerId,
        modelId: model.id,
        upstreamId: model.id,
        displayName: model.name ?? model.id,
        enabled: false,
        ...newModelFigures(endpoint.type, model.id),
      });
    }
    if (rows.length > 0) await tx.modelConfig.createMany({ data: rows });
    if (rows.length > 0 || result.skipped.length > 0) {
      await recordAudit(tx, admin, {
        action: "provider.refresh",
        targetType: "provider",
        targetId: providerId,
        details: {
          provider: endpoint.name,
          added: result.added.slice(0, 100),
          addedCount: result.added.length,
          skipped: result.skipped.slice(0, 100),
        },
      });
    }
    return result;
  });
}

async function takenModelIds(tx: Tx, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await tx.modelConfig.findMany({ where: { modelId: { in: ids } }, select: { modelId: true } });
  return new Set(rows.map((r) => r.modelId));
}
