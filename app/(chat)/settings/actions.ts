"use server";

import { revalidatePath } from "next/cache";
import { signOut } from "@/lib/auth/auth";
import { runAction } from "@/lib/auth/run-action";
import type { ActionResult } from "@/lib/errors/action-result";
import {
  changePassword,
  deleteAccount,
  setTrainingConsent,
  updateCustomInstructions,
  updateProfile,
} from "@/lib/users/settings";
import { deleteAllConversations } from "@/lib/chat/conversations";

export async function updateProfileAction(input: unknown): Promise<ActionResult<{ name: string }>> {
  const result = await runAction((actor) => updateProfile(actor, input));
  if (result.ok) revalidatePath("/", "layout");
  return result;
}

export async function changePasswordAction(input: unknown): Promise<ActionResult<void>> {
  return runAction((actor) => changePassword(actor, input));
}

export async function setTrainingConsentAction(
  input: unknown,
): Promise<ActionResult<{ trainingConsent: boolean }>> {
  return runAction((actor) => setTrainingConsent(actor, input));
}

export async function deleteAccountAction(input: unknown): Promise<ActionResult<void>> {
  const result = await runAction((actor) => deleteAccount(actor, input));
  if (!result.ok) return result;
  // The account is gone; clear its session cookie and leave.
  await signOut({ redirectTo: "/sign-in" });
  return result;
}

export async function updateCustomInstructionsAction(
  input: unknown,
): Promise<ActionResult<{ customInstructions: string }>> {
  return runAction((actor) => updateCustomInstructions(actor, input));
}

export async function deleteAllConversationsAction(
  input: unknown,
): Promise<ActionResult<{ deleted: number }>> {
  const result = await runAction((actor) => deleteAllConversations(actor, input));
  // The sidebar (rendered by the layout) must forget them too.
  if (result.ok) revalidatePath("/", "layout");
  return result;
}
