"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/auth/run-action";
import type { ActionResult } from "@/lib/errors/action-result";
import { deleteUser, setUserDisabled, setUserRole } from "@/lib/admin/users";

// A user change shows on several admin pages (users list, overview totals, audit log): refresh them all.
function refreshAdmin() {
  revalidatePath("/admin", "layout");
}

export async function setUserRoleAction(input: unknown): Promise<ActionResult<{ role: "USER" | "ADMIN" }>> {
  const result = await runAction((actor) => setUserRole(actor, input));
  if (result.ok) refreshAdmin();
  return result;
}

export async function setUserDisabledAction(input: unknown): Promise<ActionResult<{ disabled: boolean }>> {
  const result = await runAction((actor) => setUserDisabled(actor, input));
  if (result.ok) refreshAdmin();
  return result;
}

export async function deleteUserAction(input: unknown): Promise<ActionResult<{ deleted: true }>> {
  const result = await runAction((actor) => deleteUser(actor, input));
  if (result.ok) refreshAdmin();
  return result;
}
