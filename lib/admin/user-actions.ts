"use server";

import type { z } from "zod";
import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/auth/run-action";
import type { ActionResult } from "@/lib/errors/action-result";
import { deleteUser, setUserDisabled, setUserRole } from "./users";
import type { deleteUserInput, setUserDisabledInput, setUserRoleInput } from "./schemas";

// A user change shows on several admin pages (users list, overview totals, audit log): refresh them all.
function refreshAdmin() {
  revalidatePath("/admin", "layout");
}

export async function setUserRoleAction(
  input: z.input<typeof setUserRoleInput>,
): Promise<ActionResult<{ role: "USER" | "ADMIN" }>> {
  const result = await runAction((actor) => setUserRole(actor, input));
  if (result.ok) refreshAdmin();
  return result;
}

export async function setUserDisabledAction(
  input: z.input<typeof setUserDisabledInput>,
): Promise<ActionResult<{ disabled: boolean }>> {
  const result = await runAction((actor) => setUserDisabled(actor, input));
  if (result.ok) refreshAdmin();
  return result;
}

export async function deleteUserAction(
  input: z.input<typeof deleteUserInput>,
): Promise<ActionResult<{ deleted: true }>> {
  const result = await runAction((actor) => deleteUser(actor, input));
  if (result.ok) refreshAdmin();
  return result;
}
