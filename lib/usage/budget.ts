import "server-only";
import { pool } from "../db/client";
import { AppError } from "../errors/app-error";
import { BUDGET_STATUS, type BudgetStatusRow } from "./budget-sql";
import { budgetReachedMessage, type BudgetUnit } from "./month";

export type BudgetStatus = {
  unit: BudgetUnit;
  /** The monthly limit, in USD or tokens. */
  limit: number;
  /** Used this UTC month, in the same unit, over every source. */
  used: number;
  /** True when the user's own override applies, false for their role's budget. */
  override: boolean;
  /** YYYY-MM-DD: the first day of this month and of the next one (when the budget resets). */
  monthStart: string;
  resetsOn: string;
  reached: boolean;
};

/**
 * The budget that applies to `userId` this month with what is used of it, or null when none does
 * (budgets are off until an admin sets one). One indexed query; no authorisation: callers pass the
 * id of an already authenticated user.
 */
export async function budgetStatus(userId: string): Promise<BudgetStatus | null> {
  const { rows } = await pool().query<BudgetStatusRow>({ ...BUDGET_STATUS, values: [userId] });
  const row = rows[0];
  if (!row) return null;
  // Reached at the limit: a limit of 0 allows nothing. The answer that crosses the limit finishes.
  return { ...row, reached: row.used >= row.limit };
}

/**
 * Refuses a new model call when the user has used up this month's budget: BUDGET_EXCEEDED with a
 * message naming the limit and the reset date. Called before anything is saved, so the refused
 * message goes back to the composer (the chat) or to the API client.
 */
export async function assertWithinBudget(userId: string): Promise<void> {
  const { rows } = await pool().query<BudgetStatusRow>({ ...BUDGET_STATUS, values: [userId] });
  assertBudgetRow(rows[0]);
}

/** The refusal of a budget status row (BUDGET_STATUS's, or one embedded in another statement). */
export function assertBudgetRow(
  row: Pick<BudgetStatusRow, "unit" | "limit" | "used" | "resetsOn"> | undefined,
) {
  if (row && row.used >= row.limit) {
    throw new AppError("BUDGET_EXCEEDED", budgetReachedMessage(row.unit, row.limit, row.resetsOn));
  }
}
