"use server";

import type { z } from "zod";
import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/auth/run-action";
import type { ActionResult } from "@/lib/errors/action-result";
import {
  setApiRoles,
  updateFeatureSettings,
  type AppSettingsView,
  type FeatureSettings,
} from "./app-settings";
import type { setApiRolesInput, updateFeatureSettingsInput } from "./schemas";

export async function setApiRolesAction(
  input: z.input<typeof setApiRolesInput>,
): Promise<ActionResult<AppSettingsView>> {
  const result = await runAction((actor) => setApiRoles(actor, input));
  // Shown on Admin → Users and in the audit log.
  if (result.ok) revalidatePath("/admin", "layout");
  return result;
}

export async function updateFeatureSettingsAction(
  input: z.input<typeof updateFeatureSettingsInput>,
): Promise<ActionResult<FeatureSettings>> {
  const result = await runAction((actor) => updateFeatureSettings(actor, input));
  // The switches gate the playground, the chat's arena and the leaderboard: every layout reads them.
  if (result.ok) revalidatePath("/", "layout");
  return result;
}
