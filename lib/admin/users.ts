import "server-only";
import { db } from "../db/client";
import { AppError, notFound } from "../errors/app-error";
import { parseInput } from "../errors/parse-input";
import { requireAdmin, type Actor } from "../auth/actor";
import { listUsersInput, setUserDisabledInput, setUserRoleInput } from "./schemas";

export type AdminUserRow = {
  id: string;
  name: string;
  email: string;
  role: "USER" | "ADMIN";
  disabled: boolean;
  trainingConsent: boolean;
  createdAt: Date;
};

/** Newest accounts first, optionally filtered by name or email (first 100). */
export async function listUsers(actor: Actor, raw: unknown = {}): Promise<AdminUserRow[]> {
  await requireAdmin(actor);
  const { search } = parseInput(listUsersInput, raw, "Invalid input.");
  const rows = await db().user.findMany({
    where: search
      ? {
          OR: [
            { email: { contains: search, mode: "insensitive" } },
            { name: { contains: search, mode: "insensitive" } },
          ],
        }
      : {},
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 100,
    select: {
      id: true,
      name: true,
      email: true,
      role: true,
      disabledAt: true,
      trainingConsent: true,
      createdAt: true,
    },
  });
  return rows.map(({ disabledAt, ...row }) => ({ ...row, disabled: disabledAt !== null }));
}

// Checked inside the transaction that changes the role, so two admins demoting each other at once
// cannot leave the instance without an active admin.
async function assertAnotherActiveAdmin(
  tx: Parameters<Parameters<ReturnType<typeof db>["$transaction"]>[0]>[0],
  userId: string,
) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(7041982)`;
  const others = await tx.user.count({ where: { role: "ADMIN", disabledAt: null, id: { not: userId } } });
  if (others === 0) throw new AppError("CONFLICT", "There must always be at least one active admin.");
}

export async function setUserRole(actor: Actor, raw: unknown): Promise<{ role: "USER" | "ADMIN" }> {
  await requireAdmin(actor);
  const { userId, role } = parseInput(setUserRoleInput, raw, "Invalid input.");
  return db().$transaction(async (tx) => {
    const target = await tx.user.findUnique({ where: { id: userId }, select: { role: true } });
    if (!target) throw notFound("User not found.");
    if (target.role === "ADMIN" && role === "USER") await assertAnotherActiveAdmin(tx, userId);
    return tx.user.update({ where: { id: userId }, data: { role }, select: { role: true } });
  });
}

export async function setUserDisabled(actor: Actor, raw: unknown): Promise<{ disabled: boolean }> {
  await requireAdmin(actor);
  const { userId, disabled } = parseInput(setUserDisabledInput, raw, "Invalid input.");
  return db().$transaction(async (tx) => {
    const target = await tx.user.findUnique({ where: { id: userId }, select: { role: true } });
    if (!target) throw notFound("User not found.");
    if (disabled && target.role === "ADMIN") await assertAnotherActiveAdmin(tx, userId);
    const row = await tx.user.update({
      where: { id: userId },
      data: { disabledAt: disabled ? new Date() : null },
      select: { disabledAt: true },
    });
    return { disabled: row.disabledAt !== null };
  });
}
