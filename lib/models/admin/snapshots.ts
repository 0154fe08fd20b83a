import "server-only";
import type { Prisma } from "../../db/generated/client";
import { maskKey } from "./provider-secrets";

// What the audit log records of a provider or a model before and after a change. Secrets appear only
// masked: the key as "••••" + its last 4 characters, the extra headers by name.

type ProviderRow = {
  type: string;
  name: string;
  baseUrl: string;
  apiKeyLast4: string;
  headerNames: string[];
  enabled: boolean;
};

export function providerSnapshot(row: ProviderRow): Prisma.InputJsonObject {
  return {
    type: row.type === "openai_compatible" ? "openai-compatible" : row.type,
    name: row.name,
    baseUrl: row.baseUrl,
    apiKey: maskKey(row.apiKeyLast4),
    headers: row.headerNames,
    enabled: row.enabled,
  };
}

type ModelRow = {
  modelId: string;
  displayName: string;
  description: string;
  contextWindow: number;
  maxOutputTokens: number | null;
  inputPricePerMTok: number | null;
  cachedInputPricePerMTok: number | null;
  outputPricePerMTok: number | null;
  allowedRoles: string[];
  defaultParams: Prisma.JsonValue;
  enabled: boolean;
};

export function modelSnapshot(row: ModelRow): Prisma.InputJsonObject {
  return {
    modelId: row.modelId,
    displayName: row.displayName,
    description: row.description,
    contextWindow: row.contextWindow,
    maxOutputTokens: row.maxOutputTokens,
    inputPricePerMTok: row.inputPricePerMTok,
    cachedInputPricePerMTok: row.cachedInputPricePerMTok,
    outputPricePerMTok: row.outputPricePerMTok,
    allowedRoles: [...row.allowedRoles].sort(),
    defaultParams: row.defaultParams ?? {},
    enabled: row.enabled,
  };
}

/** Only the fields that changed, before and after: a readable audit line for a one-field edit. */
export function changedFields(
  before: Prisma.InputJsonObject,
  after: Prisma.InputJsonObject,
): {
  before: Record<string, Prisma.InputJsonValue | null>;
  after: Record<string, Prisma.InputJsonValue | null>;
} {
  const from: Record<string, Prisma.InputJsonValue | null> = {};
  const to: Record<string, Prisma.InputJsonValue | null> = {};
  for (const key of Object.keys(after)) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
      from[key] = before[key] ?? null;
      to[key] = after[key] ?? null;
    }
  }
  return { before: from, after: to };
}
