"use server";

import type { z } from "zod";
import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/auth/run-action";
import type { ActionResult } from "@/lib/errors/action-result";
import { removeBudget, setRoleBudget, setUserBudget, type BudgetRow } from "./budgets";
import type { removeBudgetInput, setRoleBudgetInput, setUserBudgetInput } from "./budget-input";

// A budget change shows on Admin → Usage and in the audit log.
function refreshAdmin() {
  revalidatePath("/admin", "layout");
}

export async function setRoleBudgetAction(
  input: z.input<typeof setRoleBudgetInput>,
): Promise<ActionResult<BudgetRow>> {
  const result = await runAction((actor) => setRoleBudget(actor, input));
  if (result.ok) refreshAdmin();
  return result;
}

export async function setUserBudgetAction(
  input: z.input<typeof setUserBudgetInput>,
): Promise<ActionResult<BudgetRow & { userId: string; email: string }>> {
  const result = await runAction((actor) => setUserBudget(actor, input));
  if (result.ok) refreshAdmin();
  return result;
}

export async function removeBudgetAction(
  input: z.input<typeof removeBudgetInput>,
): Promise<ActionResult<{ removed: true }>> {
  const result = await runAction((actor) => removeBudget(actor, input));
  if (result.ok) refreshAdmin();
  return result;
}
