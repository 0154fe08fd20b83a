"use server";

import type { z } from "zod";
import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/auth/run-action";
import type { ActionResult } from "@/lib/errors/action-result";
import { setApiRoles, type AppSettingsView } from "./app-settings";
import type { setApiRolesInput } from "./schemas";

export async function setApiRolesAction(
  input: z.input<typeof setApiRolesInput>,
): Promise<ActionResult<AppSettingsView>> {
  const result = await runAction((actor) => setApiRoles(actor, input));
  // Shown on Admin → Users and in the audit log.
  if (result.ok) revalidatePath("/admin", "layout");
  return result;
}
