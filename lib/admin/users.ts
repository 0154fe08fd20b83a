import "server-only";
import { db } from "../db/client";
import type { Prisma } from "../db/generated/client";
import { AppError, notFound } from "../errors/app-error";
import { parseInput } from "../errors/parse-input";
import { requireAdmin, type Actor } from "../auth/actor";
import { recordAudit } from "../audit/record-audit";
import { lockActiveAdminsSql } from "./admin-locks-sql";
import { flagDatasetsOfUserSql } from "../datasets/flags-sql";
import { deleteUserInput, listUsersInput, setUserDisabledInput, setUserRoleInput } from "./schemas";
import { beyondCursor, keysetPage, type Direction, type ListPage } from "../pagination/keyset-page";
import type { ListCursor } from "../pagination/list-cursor";
import { bumpSessionEpoch, forgetSessionEpoch } from "../auth/session-epoch";
import { forgetApiKeys } from "../api-keys/verify";
import { API_KEY_PREFIX, SHOWN_LENGTH } from "../api-keys/key-format";

type Tx = Parameters<Parameters<ReturnType<typeof db>["$transaction"]>[0]>[0];

export type AdminUserRow = {
  id: string;
  name: string;
  email: string;
  role: "USER" | "ADMIN";
  disabled: boolean;
  trainingConsent: boolean;
  createdAt: Date;
  /** Conversations in the user's history (not deleted, not temporary). */
  conversations: number;
  ratings: number;
  /** API keys: those that work now (not revoked, not expired) and all, revoked included. */
  apiKeys: { active: number; total: number };
};

const userColumns = {
  id: true,
  name: true,
  email: true,
  role: true,
  disabledAt: true,
  trainingConsent: true,
  createdAt: true,
} as const;

/**
 * Counts for the users of one page only, one GROUP BY per table on indexed columns
 * (Conversation(userId, deletedAt, …), Feedback(userId, createdAt, id)): never N+1, and the cost
 * does not grow with the number of users, only with the ratings of the 50 shown.
 */
async function countsFor(ids: string[]) {
  const byUser = (rows: { userId: string; _count: { _all: number } }[]) =>
    new Map(rows.map((row) => [row.userId, row._count._all]));
  if (ids.length === 0) {
    const none = new Map<string, number>();
    return { conversations: none, ratings: none, keys: none, activeKeys: none };
  }
  const now = new Date();
  const [conversations, ratings, keys, activeKeys] = await Promise.all([
    db().conversation.groupBy({
      by: ["userId"],
      where: { userId: { in: ids }, deletedAt: null, temporary: false },
      _count: { _all: true },
    }),
    db().feedback.groupBy({ by: ["userId"], where: { userId: { in: ids } }, _count: { _all: true } }),
    // ApiKey(userId, createdAt): a handful of keys per user at most.
    db().apiKey.groupBy({ by: ["userId"], where: { userId: { in: ids } }, _count: { _all: true } }),
    db().apiKey.groupBy({
      by: ["userId"],
      where: {
        userId: { in: ids },
        revokedAt: null,
        OR: [{ expiresAt: null }, { expiresAt: { gt: now } }],
      },
      _count: { _all: true },
    }),
  ]);
  return {
    conversations: byUser(conversations),
    ratings: byUser(ratings),
    keys: byUser(keys),
    activeKeys: byUser(activeKeys),
  };
}

/**
 * Accounts, newest first, optionally by name or email, or by an API key's prefix ("fw-…": whose is
 * this leaked key?), one keyset page at a time.
 */
export async function listUsers(actor: Actor, raw: unknown = {}): Promise<ListPage<AdminUserRow>> {
  await requireAdmin(actor);
  const { q, after, before, limit } = parseInput(listUsersInput, raw);
  // Prisma passes `contains` to ILIKE as it is: escape its wildcards so "%" or "_" match themselves.
  const escape = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);
  const literal = q === undefined ? undefined : escape(q);
  // Keys are stored by their first characters only; a whole pasted key matches by those.
  const keyPrefix = q?.startsWith(API_KEY_PREFIX) ? escape(q.slice(0, SHOWN_LENGTH)) : undefined;
  const search: Prisma.UserWhereInput = literal
    ? {
        OR: [
          { email: { contains: literal, mode: "insensitive" } },
          { name: { contains: literal, mode: "insensitive" } },
          ...(keyPrefix ? [{ apiKeys: { some: { prefix: { startsWith: keyPrefix } } } }] : []),
        ],
      }
    : {};
  const fetch = (cursor: ListCursor | undefined, direction: Direction) => {
    const order = direction === "older" ? "desc" : "asc";
    return db().user.findMany({
      where: cursor ? { AND: [search, beyondCursor(cursor, direction)] } : search,
      orderBy: [{ createdAt: order }, { id: order }],
      take: limit + 1,
      select: userColumns,
    });
  };

  const page = await keysetPage(fetch, { after, before, limit });

  const counts = await countsFor(page.rows.map((row) => row.id));
  return {
    ...page,
    rows: page.rows.map(({ disabledAt, ...row }) => ({
      ...row,
      disabled: disabledAt !== null,
      conversations: counts.conversations.get(row.id) ?? 0,
      ratings: counts.ratings.get(row.id) ?? 0,
      apiKeys: { active: counts.activeKeys.get(row.id) ?? 0, total: counts.keys.get(row.id) ?? 0 },
    })),
  };
}

// Checked inside the transaction that makes the change, under one advisory lock, so two admins
// demoting, disabling or deleting each other at once cannot leave the instance without an active admin.
export async function assertAnotherActiveAdmin(tx: Tx, userId: string) {
  await tx.$executeRaw(lockActiveAdminsSql());
  const others = await tx.user.count({ where: { role: "ADMIN", disabledAt: null, id: { not: userId } } });
  if (others === 0) throw new AppError("CONFLICT", "There must always be at least one active admin.");
}

export async function setUserRole(actor: Actor, raw: unknown): Promise<{ role: "USER" | "ADMIN" }> {
  const admin = await requireAdmin(actor);
  const { userId, role } = parseInput(setUserRoleInput, raw, "Invalid input.");
  const result = await db().$transaction(async (tx) => {
    const target = await tx.user.findUnique({ where: { id: userId }, select: { role: true } });
    if (!target) throw notFound("User not found.");
    // Idempotent: a double click or a stale page changes nothing and logs nothing.
    if (target.role === role) return { role };
    if (target.role === "ADMIN") await assertAnotherActiveAdmin(tx, userId);
    const row = await tx.user.update({ where: { id: userId }, data: { role }, select: { role: true } });
    await recordAudit(tx, admin, {
      action: "user.role",
      targetType: "user",
      targetId: userId,
      details: { from: target.role, to: role },
    });
    return row;
  });
  // The role decides API access (AppSettings.apiRoles): this instance's verified keys must not keep
  // the old one.
  forgetApiKeys();
  return result;
}

export async function setUserDisabled(actor: Actor, raw: unknown): Promise<{ disabled: boolean }> {
  const admin = await requireAdmin(actor);
  const { userId, disabled } = parseInput(setUserDisabledInput, raw, "Invalid input.");
  const result = await db().$transaction(async (tx) => {
    const target = await tx.user.findUnique({
      where: { id: userId },
      select: { role: true, disabledAt: true },
    });
    if (!target) throw notFound("User not found.");
    if ((target.disabledAt !== null) === disabled) return { disabled };
    if (disabled && target.role === "ADMIN") await assertAnotherActiveAdmin(tx, userId);
    await tx.user.update({ where: { id: userId }, data: { disabledAt: disabled ? new Date() : null } });
    // Disabling also ends every session of the account, for good (lib/auth/session-epoch.ts).
    if (disabled) await bumpSessionEpoch(tx, userId);
    await recordAudit(tx, admin, {
      action: disabled ? "user.disable" : "user.enable",
      targetType: "user",
      targetId: userId,
    });
    return { disabled };
  });
  forgetSessionEpoch(userId);
  // The account's API keys answer 401 on their next request here (verify.ts caches verified keys).
  forgetApiKeys();
  return result;
}

/**
 * Deletes an account and, through the schema's cascades, everything it owns. The admin confirms by
 * typing the user's email. Their own account is deleted from Settings, never here (no admin locks
 * themselves out by a slip). The audit row keeps the id, not the email: the person asked to be gone.
 */
export async function deleteUser(actor: Actor, raw: unknown): Promise<{ deleted: true }> {
  const admin = await requireAdmin(actor);
  const { userId, confirmation } = parseInput(deleteUserInput, raw, "Invalid input.");
  if (userId === admin.id) {
    throw new AppError("CONFLICT", "You cannot delete your own account here. Use Settings instead.");
  }
  const result = await db().$transaction(async (tx) => {
    const target = await tx.user.findUnique({
      where: { id: userId },
      select: { email: true, role: true, disabledAt: true },
    });
    if (!target) throw notFound("User not found.");
    if (confirmation !== target.email) {
      throw new AppError("VALIDATION", "Type the user's email to confirm.", {
        confirmation: "Type the user's email exactly to confirm.",
      });
    }
    if (target.role === "ADMIN") await assertAnotherActiveAdmin(tx, userId);
    await tx.$executeRaw(flagDatasetsOfUserSql(userId, "user_deleted"));
    await tx.user.delete({ where: { id: userId } });
    await recordAudit(tx, admin, {
      action: "user.delete",
      targetType: "user",
      targetId: userId,
      details: { role: target.role, disabled: target.disabledAt !== null },
    });
    return { deleted: true as const };
  });
  // Its session tokens are refused from now on (no row), also where this instance remembered the epoch;
  // its API keys went with the cascade, and this instance forgets the ones it had verified.
  forgetSessionEpoch(userId);
  forgetApiKeys();
  return result;
}
