import "server-only";
import { db } from "../db/client";
import { AppError, notFound } from "../errors/app-error";
import { parseInput } from "../errors/parse-input";
import { requireAdmin, type Actor } from "../auth/actor";
import { recordAudit } from "../audit/record-audit";
import { keyLast4 } from "../models/admin/provider-secrets";
import type { FineTuneProviderKind } from "../db/generated/enums";
import { accountIdInput, createAccountInput, updateAccountInput, type AccountKindName } from "./schemas";
import { sealAccountKey } from "./credentials";

export function toDbKind(kind: AccountKindName): FineTuneProviderKind {
  return kind === "openai-compatible" ? "openai_compatible" : kind;
}
export function fromDbKind(kind: FineTuneProviderKind): AccountKindName {
  return kind === "openai_compatible" ? "openai-compatible" : kind;
}

async function refuseUnknownServingProvider(providerId: string | null): Promise<void> {
  if (!providerId) return;
  const found = await db().provider.findUnique({ where: { id: providerId }, select: { id: true } });
  if (!found) {
    const message = "That provider no longer exists. Pick another one.";
    throw new AppError("VALIDATION", message, { servingProviderId: message });
  }
}

function keyRequired(kind: AccountKindName): AppError {
  const message = `Enter the ${kind === "openai-compatible" ? "trainer's" : "service's"} API key.`;
  return new AppError("VALIDATION", message, { apiKey: message });
}

/** Adds separate credentials for a fine-tuning service; the key is sealed and only its last 4 kept clear. */
export async function createFineTuneAccount(actor: Actor, raw: unknown): Promise<{ accountId: string }> {
  const admin = await requireAdmin(actor);
  const input = parseInput(createAccountInput, raw, "Check the highlighted fields.");
  // A self-hosted trainer may need no key; every hosted service does.
  if (!input.apiKey && input.kind !== "openai-compatible") throw keyRequired(input.kind);
  await refuseUnknownServingProvider(input.servingProviderId);
  return db().$transaction(async (tx) => {
    const row = await tx.fineTuneAccount.create({
      data: {
        kind: toDbKind(input.kind),
        name: input.name,
        baseUrl: input.baseUrl,
        apiKeySealed: input.apiKey ? sealAccountKey(input.apiKey) : null,
        apiKeyLast4: input.apiKey ? keyLast4(input.apiKey) : "",
        accountId: input.kind === "fireworks" ? input.fireworksAccountId : null,
        servingProviderId: input.servingProviderId,
      },
    });
    await recordAudit(tx, admin, {
      action: "finetuneAccount.create",
      targetType: "finetuneAccount",
      targetId: row.id,
      details: { name: row.name, kind: input.kind, baseUrl: row.baseUrl },
    });
    return { accountId: row.id };
  });
}

/** Edits an account; an empty key field keeps the stored key (it is never sent back to the form). */
export async function updateFineTuneAccount(actor: Actor, raw: unknown): Promise<{ accountId: string }> {
  const admin = await requireAdmin(actor);
  const input = parseInput(updateAccountInput, raw, "Check the highlighted fields.");
  await refuseUnknownServingProvider(input.servingProviderId);
  return db().$transaction(async (tx) => {
    const before = await tx.fineTuneAccount.findUnique({ where: { id: input.accountId } });
    if (!before) throw notFound("Account not found.");
    if (!input.apiKey && !before.apiKeySealed && input.kind !== "openai-compatible")
      throw keyRequired(input.kind);
    const row = await tx.fineTuneAccount.update({
      where: { id: input.accountId },
      data: {
        kind: toDbKind(input.kind),
        name: input.name,
        baseUrl: input.baseUrl,
        ...(input.apiKey
          ? { apiKeySealed: sealAccountKey(input.apiKey), apiKeyLast4: keyLast4(input.apiKey) }
          : {}),
        accountId: input.kind === "fireworks" ? input.fireworksAccountId : null,
        servingProviderId: input.servingProviderId,
      },
    });
    await recordAudit(tx, admin, {
      action: "finetuneAccount.update",
      targetType: "finetuneAccount",
      targetId: row.id,
      details: {
        name: row.name,
        before: {
          kind: fromDbKind(before.kind),
          baseUrl: before.baseUrl,
          servingProviderId: before.servingProviderId,
        },
        after: { kind: input.kind, baseUrl: row.baseUrl, servingProviderId: row.servingProviderId },
        keyChanged: Boolean(input.apiKey),
      },
    });
    return { accountId: row.id };
  });
}

/** Deletes an account. Its jobs stay (with their lineage); polling them fails until credentials return. */
export async function deleteFineTuneAccount(actor: Actor, raw: unknown): Promise<{ deleted: true }> {
  const admin = await requireAdmin(actor);
  const { accountId } = parseInput(accountIdInput, raw, "Invalid input.");
  return db().$transaction(async (tx) => {
    const row = await tx.fineTuneAccount.findUnique({ where: { id: accountId } });
    if (!row) throw notFound("Account not found.");
    await tx.fineTuneAccount.delete({ where: { id: accountId } });
    await recordAudit(tx, admin, {
      action: "finetuneAccount.delete",
      targetType: "finetuneAccount",
      targetId: row.id,
      details: { name: row.name, kind: fromDbKind(row.kind) },
    });
    return { deleted: true as const };
  });
}
