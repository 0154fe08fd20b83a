import "server-only";
import { db } from "../db/client";
import { requireAdmin, requireUser, type Actor } from "../auth/actor";
import { notFound } from "../errors/app-error";
import { parseInput } from "../errors/parse-input";
import { recordAudit } from "../audit/record-audit";
import { newApiKey } from "./key-format";
import { createApiKeyInput, listUserApiKeysInput, revokeApiKeyInput } from "./schemas";
import { forgetApiKeys } from "./verify";

/** What lists show of a key: never the key or its hash. */
export type ApiKeySummary = {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
  /** Past its expiry when it was read. */
  expired: boolean;
};

const summaryColumns = {
  id: true,
  name: true,
  prefix: true,
  scopes: true,
  createdAt: true,
  lastUsedAt: true,
  expiresAt: true,
  revokedAt: true,
} as const;

type Row = {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
};

const iso = (date: Date | null) => (date ? date.toISOString() : null);

function summary(row: Row): ApiKeySummary {
  return {
    ...row,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: iso(row.lastUsedAt),
    expiresAt: iso(row.expiresAt),
    revokedAt: iso(row.revokedAt),
    expired: row.expiresAt !== null && row.expiresAt.getTime() <= Date.now(),
  };
}

/**
 * Creates a key for the acting user and returns it whole: the only time it is ever shown. Only its
 * SHA-256 and first characters are stored.
 */
export async function createApiKey(
  actor: Actor,
  raw: unknown,
): Promise<{ key: string; apiKey: ApiKeySummary }> {
  const user = await requireUser(actor);
  const input = parseInput(createApiKeyInput, raw);
  const { key, prefix, hash } = newApiKey();
  const row = await db().$transaction(async (tx) => {
    const created = await tx.apiKey.create({
      data: {
        userId: user.id,
        name: input.name,
        prefix,
        hash,
        scopes: input.scopes,
        expiresAt: input.expiresAt,
      },
      select: summaryColumns,
    });
    await recordAudit(tx, user, {
      action: "apiKey.create",
      targetType: "apiKey",
      targetId: created.id,
      details: {
        name: input.name,
        prefix,
        scopes: input.scopes,
        expiresAt: iso(input.expiresAt),
        ownerId: user.id,
      },
    });
    return created;
  });
  return { key, apiKey: summary(row) };
}

/** A user's keys, newest first; callers authorise. */
async function keysOf(userId: string, take?: number): Promise<ApiKeySummary[]> {
  const rows = await db().apiKey.findMany({
    where: { userId },
    select: summaryColumns,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take,
  });
  return rows.map(summary);
}

/**
 * How many of a user's keys Admin → Users lists: their newest. Nothing caps how many keys a user makes,
 * and the list opens inside a table row; the users list counts them all.
 */
export const ADMIN_KEY_LIST_LIMIT = 100;

/** The acting user's keys, newest first, revoked ones included (marked). */
export async function listMyApiKeys(actor: Actor): Promise<ApiKeySummary[]> {
  const user = await requireUser(actor);
  return keysOf(user.id);
}

/** Admin → Users: one user's keys, the newest ADMIN_KEY_LIST_LIMIT. Admin-only. */
export async function listUserApiKeys(actor: Actor, userId: unknown): Promise<ApiKeySummary[]> {
  await requireAdmin(actor);
  const input = parseInput(listUserApiKeysInput, { userId });
  return keysOf(input.userId, ADMIN_KEY_LIST_LIMIT);
}

/**
 * Revokes a key: its owner may revoke their own, an admin anyone's; anyone else gets "not found". The
 * revoked key answers 401 at once on this instance and within 5 s on every other (lib/api-keys/verify.ts).
 */
export async function revokeApiKey(actor: Actor, raw: unknown): Promise<ApiKeySummary> {
  const user = await requireUser(actor);
  const { keyId } = parseInput(revokeApiKeyInput, raw);
  const row = await db().$transaction(async (tx) => {
    const key = await tx.apiKey.findFirst({
      where: user.role === "ADMIN" ? { id: keyId } : { id: keyId, userId: user.id },
      select: { ...summaryColumns, userId: true },
    });
    if (!key) throw notFound("API key not found.");
    if (key.revokedAt) return key;
    const revoked = await tx.apiKey.update({
      where: { id: keyId },
      data: { revokedAt: new Date() },
      select: { ...summaryColumns, userId: true },
    });
    await recordAudit(tx, user, {
      action: "apiKey.revoke",
      targetType: "apiKey",
      targetId: keyId,
      details: { name: key.name, prefix: key.prefix, ownerId: key.userId, byAdmin: key.userId !== user.id },
    });
    return revoked;
  });
  forgetApiKeys();
  const { userId: _userId, ...rest } = row;
  return summary(rest);
}
