"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/auth/run-action";
import type { ActionResult } from "@/lib/errors/action-result";
import { setUserDisabled, setUserRole } from "@/lib/admin/users";

export async function setUserRoleAction(input: unknown): Promise<ActionResult<{ role: "USER" | "ADMIN" }>> {
  const result = await runAction((actor) => setUserRole(actor, input));
  if (result.ok) revalidatePath("/admin");
  return result;
}

export async function setUserDisabledAction(input: unknown): Promise<ActionResult<{ disabled: boolean }>> {
  const result = await runAction((actor) => setUserDisabled(actor, input));
  if (result.ok) revalidatePath("/admin");
  return result;
}
