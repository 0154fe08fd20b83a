import "server-only";
import { db } from "../db/client";
import type { Prisma } from "../db/generated/client";
import { requireAdmin, type Actor } from "../auth/actor";
import { parseInput } from "../errors/parse-input";
import { beyondCursor, keysetPage, type Direction, type ListPage } from "../pagination/keyset-page";
import type { ListCursor } from "../pagination/list-cursor";
import { listAuditLogInput } from "./audit-log-input";

// Reading only. The log is append-only: record-audit.ts inserts, and no code updates or deletes.

export type AuditLogRow = {
  id: string;
  createdAt: Date;
  actorEmail: string;
  action: string;
  targetType: string;
  targetId: string | null;
  /** For user targets: who it is now, or null once the account is deleted. */
  targetUser: { name: string; email: string } | null;
  details: Prisma.JsonValue;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Users are named by id in the log (a deleted user's email is not kept); this looks up the ones
 * still there, for the page's rows only.
 */
async function targetUsers(rows: { targetType: string; targetId: string | null }[]) {
  const ids = [
    ...new Set(
      rows.flatMap((row) =>
        row.targetType === "user" && row.targetId && UUID.test(row.targetId) ? [row.targetId] : [],
      ),
    ),
  ];
  if (ids.length === 0) return new Map<string, { name: string; email: string }>();
  const users = await db().user.findMany({
    where: { id: { in: ids } },
    select: { id: true, name: true, email: true },
  });
  return new Map(users.map(({ id, ...user }) => [id, user]));
}

/** Who did which admin action and when: newest first, by action and by admin, one keyset page at a time. */
export async function listAuditLog(actor: Actor, raw: unknown = {}): Promise<ListPage<AuditLogRow>> {
  await requireAdmin(actor);
  const { action, admin, after, before, limit } = parseInput(listAuditLogInput, raw);
  const filter: Prisma.AuditLogWhereInput = {
    ...(action ? { action } : {}),
    ...(admin ? { actorEmail: admin } : {}),
  };
  const fetch = (cursor: ListCursor | undefined, direction: Direction) => {
    const order = direction === "older" ? "desc" : "asc";
    return db().auditLog.findMany({
      where: cursor ? { AND: [filter, beyondCursor(cursor, direction)] } : filter,
      orderBy: [{ createdAt: order }, { id: order }],
      take: limit + 1,
      select: {
        id: true,
        createdAt: true,
        actorEmail: true,
        action: true,
        targetType: true,
        targetId: true,
        details: true,
      },
    });
  };

  const page = await keysetPage(fetch, { after, before, limit });

  const users = await targetUsers(page.rows);
  return {
    ...page,
    rows: page.rows.map((row) => ({
      ...row,
      targetUser: row.targetType === "user" && row.targetId ? (users.get(row.targetId) ?? null) : null,
    })),
  };
}
