import "server-only";
import { db } from "../../db/client";
import { AppError, notFound } from "../../errors/app-error";
import { parseInput } from "../../errors/parse-input";
import { requireAdmin, type Actor } from "../../auth/actor";
import { recordAudit } from "../../audit/record-audit";
import { SecretBoxError } from "../../crypto/secret-box";
import {
  createProviderInput,
  providerIdInput,
  setProviderEnabledInput,
  testConnectionInput,
  updateProviderInput,
  type ProviderTypeName,
} from "./schemas";
import { listUpstreamModels, type ConnectionResult, type UpstreamModel } from "./provider-client";
import { keyLast4, maskKey, openApiKey, openHeaders, sealApiKey, sealHeaders } from "./provider-secrets";
import { fromDbType, needsKey, toDbType } from "./provider-type";
import { changedFields, providerSnapshot } from "./snapshots";
import { changeRegistry } from "./registry-change";
import { readDefaultModelId } from "./default-model";

/** Lets tests shorten the 10 s limit; the app always uses the default. */
export type ConnectionOptions = { timeoutMs?: number };

const providerColumns = {
  id: true,
  type: true,
  name: true,
  baseUrl: true,
  apiKeySealed: true,
  apiKeyLast4: true,
  headersSealed: true,
  headerNames: true,
  enabled: true,
} as const;

async function storedProvider(providerId: string) {
  const row = await db().provider.findUnique({ where: { id: providerId }, select: providerColumns });
  if (!row) throw notFound("Provider not found.");
  return row;
}

// A stored secret that no key opens any more (ENCRYPTION_KEY replaced without the old one kept in
// ENCRYPTION_KEY_PREVIOUS) is not a crash: the admin enters it again.
function openStored<T>(open: () => T, field: "apiKey" | "headers"): T {
  try {
    return open();
  } catch (error) {
    if (!(error instanceof SecretBoxError)) throw error;
    const what = field === "apiKey" ? "API key" : "extra headers";
    const message = `The stored ${what} cannot be opened with the current ENCRYPTION_KEY: enter it again.`;
    throw new AppError("VALIDATION", message, { [field]: message });
  }
}

function failed(result: Extract<ConnectionResult, { ok: false }>): AppError {
  return new AppError("VALIDATION", result.message, { [result.field]: result.message });
}

/** The models a provider lists, or a VALIDATION error naming the field at fault. */
async function checkConnection(
  endpoint: {
    type: ProviderTypeName;
    baseUrl: string;
    apiKey: string | null;
    headers: Record<string, string>;
  },
  options: ConnectionOptions,
): Promise<UpstreamModel[]> {
  if (needsKey(endpoint.type) && !endpoint.apiKey) {
    throw new AppError("VALIDATION", "Enter the API key.", { apiKey: "Enter the API key." });
  }
  const result = await listUpstreamModels(endpoint, options);
  if (!result.ok) throw failed(result);
  return result.models;
}

/**
 * "Test connection": lists the provider's models with what the form holds. On an existing provider, an
 * empty key or header field stands for the stored one, so the admin never has to re-enter them.
 */
export async function testProviderConnection(
  actor: Actor,
  raw: unknown,
  options: ConnectionOptions = {},
): Promise<{ models: UpstreamModel[] }> {
  await requireAdmin(actor);
  const input = parseInput(testConnectionInput, raw);
  let apiKey: string | null = input.apiKey || null;
  let headers = input.headers;
  if (input.providerId) {
    const stored = await storedProvider(input.providerId);
    if (!apiKey) apiKey = openStored(() => openApiKey(stored.apiKeySealed), "apiKey");
    if (Object.keys(headers).length === 0)
      headers = openStored(() => openHeaders(stored.headersSealed), "headers");
  }
  const models = await checkConnection(
    { type: input.type, baseUrl: input.baseUrl, apiKey, headers },
    options,
  );
  return { models };
}

/**
 * Adds a provider. When a key is entered (OpenAI and Anthropic always need one), saving first runs
 * "Test connection" with it: a key the provider refuses, or an address where nothing answers, is a
 * field error and nothing is saved. A compatible server without a key is saved untested (it may be
 * started later).
 */
export async function createProvider(
  actor: Actor,
  raw: unknown,
  options: ConnectionOptions = {},
): Promise<{ providerId: string }> {
  const admin = await requireAdmin(actor);
  const input = parseInput(createProviderInput, raw, "Check the highlighted fields.");
  const apiKey = input.apiKey || null;
  if (apiKey || needsKey(input.type)) {
    await checkConnection(
      { type: input.type, baseUrl: input.baseUrl, apiKey, headers: input.headers },
      options,
    );
  }
  const headerNames = Object.keys(input.headers);
  return changeRegistry(async (tx) => {
    const row = await tx.provider.create({
      data: {
        type: toDbType(input.type),
        name: input.name,
        baseUrl: input.baseUrl,
        apiKeySealed: apiKey ? sealApiKey(apiKey) : null,
        apiKeyLast4: apiKey ? keyLast4(apiKey) : "",
        headersSealed: headerNames.length > 0 ? sealHeaders(input.headers) : null,
        headerNames,
      },
      select: providerColumns,
    });
    await recordAudit(tx, admin, {
      action: "provider.create",
      targetType: "provider",
      targetId: row.id,
      details: { after: providerSnapshot(row) },
    });
    return { providerId: row.id };
  });
}

/**
 * Edits a provider. An empty key keeps the stored key; empty headers keep the stored headers unless
 * `clearHeaders`. A new key, or a new address or type for a provider that needs a key, is tested first.
 */
export async function updateProvider(
  actor: Actor,
  raw: unknown,
  options: ConnectionOptions = {},
): Promise<{ providerId: string }> {
  const admin = await requireAdmin(actor);
  const input = parseInput(updateProviderInput, raw, "Check the highlighted fields.");
  const stored = await storedProvider(input.providerId);
  const newKey = input.apiKey || null;
  const newHeaders = Object.keys(input.headers).length > 0 ? input.headers : null;
  const apiKey = newKey ?? openStored(() => openApiKey(stored.apiKeySealed), "apiKey");
  const headers = input.clearHeaders
    ? (newHeaders ?? {})
    : (newHeaders ?? openStored(() => openHeaders(stored.headersSealed), "headers"));
  const endpointChanged =
    input.baseUrl !== stored.baseUrl || toDbType(input.type) !== stored.type || newHeaders !== null;
  if (newKey || (needsKey(input.type) && (endpointChanged || !apiKey))) {
    await checkConnection({ type: input.type, baseUrl: input.baseUrl, apiKey, headers }, options);
  }

  return changeRegistry(async (tx) => {
    const before = await tx.provider.findUnique({ where: { id: input.providerId }, select: providerColumns });
    if (!before) throw notFound("Provider not found.");
    const headerNames = Object.keys(headers);
    const row = await tx.provider.update({
      where: { id: input.providerId },
      data: {
        type: toDbType(input.type),
        name: input.name,
        baseUrl: input.baseUrl,
        ...(newKey ? { apiKeySealed: sealApiKey(newKey), apiKeyLast4: keyLast4(newKey) } : {}),
        ...(newHeaders || input.clearHeaders
          ? { headersSealed: headerNames.length > 0 ? sealHeaders(headers) : null, headerNames }
          : {}),
      },
      select: providerColumns,
    });
    const diff = changedFields(providerSnapshot(before), providerSnapshot(row));
    // A new key with the same last 4 characters, or new header values under the same names, is still
    // a change worth recording.
    if (newKey) {
      diff.before.apiKey = maskKey(before.apiKeyLast4);
      diff.after.apiKey = `${maskKey(row.apiKeyLast4)} (new key)`;
    }
    if (newHeaders) {
      diff.before.headers = before.headerNames;
      diff.after.headers = [...headerNames, "(new values)"];
    }
    // Saving the form unchanged records nothing.
    if (Object.keys(diff.after).length === 0) return { providerId: row.id };
    await recordAudit(tx, admin, {
      action: "provider.update",
      targetType: "provider",
      targetId: row.id,
      details: { provider: row.name, ...diff },
    });
    return { providerId: row.id };
  });
}

/** Disables (its models leave every picker at once) or re-enables a provider. */
export async function setProviderEnabled(actor: Actor, raw: unknown): Promise<{ enabled: boolean }> {
  const admin = await requireAdmin(actor);
  const { providerId, enabled } = parseInput(setProviderEnabledInput, raw, "Invalid input.");
  return changeRegistry(async (tx) => {
    const row = await tx.provider.findUnique({
      where: { id: providerId },
      select: { name: true, enabled: true, models: { select: { modelId: true } } },
    });
    if (!row) throw notFound("Provider not found.");
    if (row.enabled === enabled) return { enabled };
    if (!enabled)
      await refuseIfDefaultAmong(
        tx,
        row.models.map((m) => m.modelId),
        "disable this provider",
      );
    await tx.provider.update({ where: { id: providerId }, data: { enabled } });
    await recordAudit(tx, admin, {
      action: enabled ? "provider.enable" : "provider.disable",
      targetType: "provider",
      targetId: providerId,
      details: { provider: row.name, before: { enabled: row.enabled }, after: { enabled } },
    });
    return { enabled };
  });
}

/**
 * Deletes a provider and its models. Answers keep their modelId and provider name as text, so old
 * conversations still show the model they used.
 */
export async function deleteProvider(actor: Actor, raw: unknown): Promise<{ deleted: true }> {
  const admin = await requireAdmin(actor);
  const { providerId } = parseInput(providerIdInput, raw, "Invalid input.");
  return changeRegistry(async (tx) => {
    const row = await tx.provider.findUnique({
      where: { id: providerId },
      select: { ...providerColumns, models: { select: { modelId: true } } },
    });
    if (!row) throw notFound("Provider not found.");
    const modelIds = row.models.map((m) => m.modelId);
    await refuseIfDefaultAmong(tx, modelIds, "delete this provider");
    await tx.provider.delete({ where: { id: providerId } });
    await recordAudit(tx, admin, {
      action: "provider.delete",
      targetType: "provider",
      targetId: providerId,
      details: { before: { ...providerSnapshot(row), models: modelIds.slice(0, 100) } },
    });
    return { deleted: true as const };
  });
}

// The default model for new chats must stay usable: it is changed first, on purpose.
async function refuseIfDefaultAmong(
  tx: Parameters<Parameters<typeof changeRegistry>[0]>[0],
  modelIds: string[],
  what: string,
): Promise<void> {
  const current = await readDefaultModelId(tx);
  if (current && modelIds.includes(current)) {
    throw new AppError(
      "CONFLICT",
      `${current} is the default model for new chats. Choose another default before you ${what}.`,
    );
  }
}

export { refuseIfDefaultAmong };

/** The stored provider's endpoint, secrets opened, for "Refresh models". */
export async function storedEndpoint(providerId: string) {
  const stored = await storedProvider(providerId);
  return {
    id: stored.id,
    name: stored.name,
    type: fromDbType(stored.type),
    baseUrl: stored.baseUrl,
    apiKey: openStored(() => openApiKey(stored.apiKeySealed), "apiKey"),
    headers: openStored(() => openHeaders(stored.headersSealed), "headers"),
  };
}

export { checkConnection };
