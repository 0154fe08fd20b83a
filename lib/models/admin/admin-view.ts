import "server-only";
import { z } from "zod";
import { db } from "../../db/client";
import type { Prisma } from "../../db/generated/client";
import { env } from "../../env";
import { notFound } from "../../errors/app-error";
import { requireAdmin, type Actor } from "../../auth/actor";
import { settingsProviders, offlineModelInfo, type SettingsProvider } from "../settings-models";
import { tablePrice, PRICE_TABLE_DATE, PRICE_TABLE_SOURCE, type TablePrice } from "../price-table";
import { maskKey } from "./provider-secrets";
import { fromDbType } from "./provider-type";
import type { ProviderTypeName } from "./schemas";
import { readDefaultModelId } from "./default-model";

// What Admin → Models pages read. Nothing here carries a sealed value or an opened secret: the key is
// "••••" + its last 4 characters, the extra headers are names only.

export type AdminModel = {
  id: string;
  modelId: string;
  upstreamId: string;
  displayName: string;
  description: string;
  contextWindow: number;
  maxOutputTokens: number | null;
  inputPricePerMTok: number | null;
  cachedInputPricePerMTok: number | null;
  outputPricePerMTok: number | null;
  allowedRoles: ("USER" | "ADMIN")[];
  defaultParams: { temperature: number | null; topP: number | null; maxTokens: number | null };
  enabled: boolean;
};

export type AdminProvider = {
  id: string;
  type: ProviderTypeName;
  name: string;
  baseUrl: string;
  /** "••••abcd", or "" when the provider has no key. */
  apiKeyMask: string;
  headerNames: string[];
  enabled: boolean;
  models: AdminModel[];
};

export type ModelsOverview = {
  providers: AdminProvider[];
  settings: SettingsProvider[];
  defaultModelId: string | null;
  /** Every model that can be the default, for the chooser. */
  defaultChoices: { id: string; label: string }[];
};

const storedParams = z
  .object({
    temperature: z.number().optional(),
    topP: z.number().optional(),
    maxTokens: z.number().optional(),
  })
  .catch({});

const modelSelect = {
  id: true,
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
} satisfies Prisma.ModelConfigSelect;

// An explicit list of columns: apiKeySealed and headersSealed are never read for a page.
const providerSelect = {
  id: true,
  type: true,
  name: true,
  baseUrl: true,
  apiKeyLast4: true,
  headerNames: true,
  enabled: true,
  models: { select: modelSelect, orderBy: [{ enabled: "desc" }, { modelId: "asc" }] },
} satisfies Prisma.ProviderSelect;

type ProviderRow = {
  id: string;
  type: Parameters<typeof fromDbType>[0];
  name: string;
  baseUrl: string;
  apiKeyLast4: string;
  headerNames: string[];
  enabled: boolean;
  models: (Omit<AdminModel, "defaultParams"> & { defaultParams: unknown })[];
};

function toAdminProvider(row: ProviderRow): AdminProvider {
  return {
    id: row.id,
    type: fromDbType(row.type),
    name: row.name,
    baseUrl: row.baseUrl,
    apiKeyMask: maskKey(row.apiKeyLast4),
    headerNames: row.headerNames,
    enabled: row.enabled,
    models: row.models.map((model) => {
      const params = storedParams.parse(model.defaultParams);
      return {
        ...model,
        defaultParams: {
          temperature: params.temperature ?? null,
          topP: params.topP ?? null,
          maxTokens: params.maxTokens ?? null,
        },
      };
    }),
  };
}

/** Admin → Models: the admin's providers with their models, the settings' ones, and the default. */
export async function getModelsOverview(actor: Actor): Promise<ModelsOverview> {
  await requireAdmin(actor);
  const [rows, defaultModelId] = await Promise.all([
    db().provider.findMany({ select: providerSelect, orderBy: [{ createdAt: "asc" }, { id: "asc" }] }),
    readDefaultModelId(db()),
  ]);
  const providers = rows.map(toAdminProvider);
  const settings = settingsProviders(env());
  const offline = offlineModelInfo();
  const defaultChoices = [
    ...providers
      .filter((p) => p.enabled)
      .flatMap((p) =>
        p.models
          .filter((m) => m.enabled)
          .map((m) => ({ id: m.modelId, label: `${m.displayName} (${p.name})` })),
      ),
    ...settings.flatMap((p) =>
      p.models.map((m) => ({ id: m.id, label: `${m.name} (${p.name}, from settings)` })),
    ),
    { id: offline.id, label: `${offline.name} (${offline.providerName})` },
  ];
  return { providers, settings, defaultModelId, defaultChoices };
}

export async function getAdminProvider(actor: Actor, providerId: string): Promise<AdminProvider> {
  await requireAdmin(actor);
  if (!z.uuid().safeParse(providerId).success) throw notFound("Provider not found.");
  const row = await db().provider.findUnique({ where: { id: providerId }, select: providerSelect });
  if (!row) throw notFound("Provider not found.");
  return toAdminProvider(row);
}

export type AdminModelDetail = {
  model: AdminModel;
  provider: { id: string; name: string; type: ProviderTypeName };
  isDefault: boolean;
  /** The price table's entry, for OpenAI and Anthropic providers' models it lists. */
  table: (TablePrice & { date: string; source: string }) | null;
};

export async function getAdminModel(actor: Actor, modelConfigId: string): Promise<AdminModelDetail> {
  await requireAdmin(actor);
  if (!z.uuid().safeParse(modelConfigId).success) throw notFound("Model not found.");
  const row = await db().modelConfig.findUnique({
    where: { id: modelConfigId },
    select: { ...modelSelect, provider: { select: { id: true, name: true, type: true } } },
  });
  if (!row) throw notFound("Model not found.");
  const { provider, ...model } = row;
  const type = fromDbType(provider.type);
  const [adminModel] = toAdminProvider({
    id: provider.id,
    type: provider.type,
    name: provider.name,
    baseUrl: "",
    apiKeyLast4: "",
    headerNames: [],
    enabled: true,
    models: [model],
  }).models;
  const listed = type === "openai-compatible" ? undefined : tablePrice(model.upstreamId);
  const defaultModelId = await readDefaultModelId(db());
  return {
    model: adminModel!,
    provider: { id: provider.id, name: provider.name, type },
    isDefault: defaultModelId === model.modelId,
    table: listed ? { ...listed, date: PRICE_TABLE_DATE, source: PRICE_TABLE_SOURCE } : null,
  };
}
