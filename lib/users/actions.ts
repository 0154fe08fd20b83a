"use server";

import type { z } from "zod";
import { revalidatePath } from "next/cache";
import { signIn, signOut } from "@/lib/auth/auth";
import { createSignInTicket } from "@/lib/auth/ticket";
import { runAction } from "@/lib/auth/run-action";
import type { ActionResult } from "@/lib/errors/action-result";
import { deleteAllConversations } from "@/lib/chat/conversations";
import type { deleteAllConversationsInput } from "@/lib/chat/schemas";
import {
  changePassword,
  deleteAccount,
  setTrainingConsent,
  signOutEverywhere,
  updateCustomInstructions,
  updateProfile,
} from "./settings";
import type {
  changePasswordInput,
  deleteAccountInput,
  setTrainingConsentInput,
  updateCustomInstructionsInput,
  updateProfileInput,
} from "./schemas";

// The Settings page's actions: lib/users validates and authorises; these refresh what the change shows in.
export async function updateProfileAction(
  input: z.input<typeof updateProfileInput>,
): Promise<ActionResult<{ name: string }>> {
  const result = await runAction((actor) => updateProfile(actor, input));
  if (result.ok) revalidatePath("/", "layout");
  return result;
}

export async function changePasswordAction(
  input: z.input<typeof changePasswordInput>,
): Promise<ActionResult<void>> {
  let userId: string | undefined;
  const result = await runAction(async (actor) => {
    await changePassword(actor, input);
    userId = actor?.userId;
  });
  // The change refused every earlier session token, this device's too: issue this device a new one and
  // load the page again with it (a re-render in this request would still read the old cookie).
  if (result.ok && userId) {
    await signIn("credentials", {
      ticket: createSignInTicket(userId),
      redirectTo: "/settings?password=changed",
    });
  }
  return result;
}

export async function signOutEverywhereAction(): Promise<ActionResult<void>> {
  const result = await runAction((actor) => signOutEverywhere(actor));
  if (!result.ok) return result;
  await signOut({ redirectTo: "/sign-in" });
  return result;
}

export async function setTrainingConsentAction(
  input: z.input<typeof setTrainingConsentInput>,
): Promise<ActionResult<{ trainingConsent: boolean }>> {
  return runAction((actor) => setTrainingConsent(actor, input));
}

export async function deleteAccountAction(
  input: z.input<typeof deleteAccountInput>,
): Promise<ActionResult<void>> {
  const result = await runAction((actor) => deleteAccount(actor, input));
  if (!result.ok) return result;
  // The account is gone; clear its session cookie and leave.
  await signOut({ redirectTo: "/sign-in" });
  return result;
}

export async function updateCustomInstructionsAction(
  input: z.input<typeof updateCustomInstructionsInput>,
): Promise<ActionResult<{ customInstructions: string }>> {
  return runAction((actor) => updateCustomInstructions(actor, input));
}

export async function deleteAllConversationsAction(
  input: z.input<typeof deleteAllConversationsInput>,
): Promise<ActionResult<{ deleted: number }>> {
  const result = await runAction((actor) => deleteAllConversations(actor, input));
  // The sidebar (rendered by the layout) must forget them too.
  if (result.ok) revalidatePath("/", "layout");
  return result;
}
