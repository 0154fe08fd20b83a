import "server-only";
import { db } from "../db/client";
import { AppError, notFound } from "../errors/app-error";
import { parseInput } from "../errors/parse-input";
import { requireAdmin, type Actor, type ActiveUser } from "../auth/actor";
import { recordAudit } from "../audit/record-audit";
import { removeBudgetInput, setRoleBudgetInput, setUserBudgetInput } from "./budget-input";
import type { BudgetUnit } from "./month";

type Tx = Parameters<Parameters<ReturnType<typeof db>["$transaction"]>[0]>[0];

export type BudgetRow = {
  id: string;
  unit: BudgetUnit;
  monthlyLimit: number;
  updatedAt: Date;
};
export type Budgets = {
  roles: { USER: BudgetRow | null; ADMIN: BudgetRow | null };
  /** Per-user overrides, by email. */
  users: (BudgetRow & { userId: string; email: string })[];
};

const columns = { id: true, unit: true, monthlyLimit: true, updatedAt: true } as const;

/** The role budgets and every per-user override (Admin → Usage → Budgets). Admin-only. */
export async function listBudgets(actor: Actor): Promise<Budgets> {
  await requireAdmin(actor);
  const rows = await db().budget.findMany({
    select: { ...columns, role: true, userId: true, user: { select: { email: true } } },
    orderBy: { createdAt: "asc" },
  });
  const roles: Budgets["roles"] = { USER: null, ADMIN: null };
  const users: Budgets["users"] = [];
  for (const { role, userId, user, ...budget } of rows) {
    if (role) roles[role] = budget;
    else if (userId && user) users.push({ ...budget, userId, email: user.email });
  }
  users.sort((a, b) => a.email.localeCompare(b.email));
  return { roles, users };
}

const snapshot = (row: { unit: BudgetUnit; monthlyLimit: number } | null) =>
  row ? { unit: row.unit, monthlyLimit: row.monthlyLimit } : null;

async function audit(
  tx: Tx,
  admin: ActiveUser,
  action: "budget.set" | "budget.remove",
  budgetId: string,
  scope: string,
  before: { unit: BudgetUnit; monthlyLimit: number } | null,
  after: { unit: BudgetUnit; monthlyLimit: number } | null,
) {
  await recordAudit(tx, admin, {
    action,
    targetType: "budget",
    targetId: budgetId,
    details: { scope, before: snapshot(before), after: snapshot(after) },
  });
}

/** Sets (creates or replaces) a role's monthly budget, audited with before and after. Admin-only. */
export async function setRoleBudget(actor: Actor, raw: unknown): Promise<BudgetRow> {
  const admin = await requireAdmin(actor);
  const input = parseInput(setRoleBudgetInput, raw);
  return db().$transaction(async (tx) => {
    const before = await tx.budget.findUnique({ where: { role: input.role }, select: columns });
    const saved = await tx.budget.upsert({
      where: { role: input.role },
      create: { role: input.role, unit: input.unit, monthlyLimit: input.monthlyLimit },
      update: { unit: input.unit, monthlyLimit: input.monthlyLimit },
      select: columns,
    });
    await audit(tx, admin, "budget.set", saved.id, `role:${input.role}`, before, saved);
    return saved;
  });
}

/**
 * Sets a per-user override, found by email (a field error when no account has it), audited with
 * before and after. The override wins over the user's role budget. Admin-only.
 */
export async function setUserBudget(
  actor: Actor,
  raw: unknown,
): Promise<BudgetRow & { userId: string; email: string }> {
  const admin = await requireAdmin(actor);
  const input = parseInput(setUserBudgetInput, raw);
  return db().$transaction(async (tx) => {
    const user = await tx.user.findUnique({
      where: { email: input.email },
      select: { id: true, email: true },
    });
    if (!user) {
      throw new AppError("VALIDATION", "No account has that email.", { email: "No account has that email." });
    }
    const before = await tx.budget.findUnique({ where: { userId: user.id }, select: columns });
    const saved = await tx.budget.upsert({
      where: { userId: user.id },
      create: { userId: user.id, unit: input.unit, monthlyLimit: input.monthlyLimit },
      update: { unit: input.unit, monthlyLimit: input.monthlyLimit },
      select: columns,
    });
    await audit(tx, admin, "budget.set", saved.id, `user:${user.email}`, before, saved);
    return { ...saved, userId: user.id, email: user.email };
  });
}

/** Removes a role budget or a user override (that scope then has no limit, or its role's). Audited. */
export async function removeBudget(actor: Actor, raw: unknown): Promise<{ removed: true }> {
  const admin = await requireAdmin(actor);
  const { budgetId } = parseInput(removeBudgetInput, raw);
  return db().$transaction(async (tx) => {
    const existing = await tx.budget.findUnique({
      where: { id: budgetId },
      select: { ...columns, role: true, user: { select: { email: true } } },
    });
    if (!existing) throw notFound("That budget no longer exists.");
    await tx.budget.delete({ where: { id: budgetId } });
    const scope = existing.role ? `role:${existing.role}` : `user:${existing.user?.email ?? ""}`;
    await audit(tx, admin, "budget.remove", budgetId, scope, existing, null);
    return { removed: true as const };
  });
}
