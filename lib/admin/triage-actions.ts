"use server";

import type { z } from "zod";
import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/auth/run-action";
import type { ActionResult } from "@/lib/errors/action-result";
import { reviewFeedback, saveCorrection, type ReviewState, type SavedCorrection } from "./triage";
import type { reviewFeedbackInput, saveCorrectionInput } from "./triage-schemas";

// Thin wrappers: lib/admin checks the admin role (404 for anyone else), validates and audits.
export async function reviewFeedbackAction(
  input: z.input<typeof reviewFeedbackInput>,
): Promise<ActionResult<ReviewState>> {
  const result = await runAction((actor) => reviewFeedback(actor, input));
  if (result.ok) revalidatePath("/admin/feedback");
  return result;
}

export async function saveCorrectionAction(
  input: z.input<typeof saveCorrectionInput>,
): Promise<ActionResult<SavedCorrection>> {
  return runAction((actor) => saveCorrection(actor, input));
}
