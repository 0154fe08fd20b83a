"use server";

import type { z } from "zod";
import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/auth/run-action";
import type { ActionResult } from "@/lib/errors/action-result";
import { promoteModel, undoPromotion, type PromotionView } from "@/lib/models/admin/promotion";
import { setLiveTrial, type LiveTrialView } from "./trial-settings";
import type { promoteModelInput, setLiveTrialInput, undoPromotionInput } from "./schemas";

// The live trial and promotions change what Admin → Models and the evaluation pages show.
function refresh<T>(result: ActionResult<T>): ActionResult<T> {
  if (result.ok) revalidatePath("/admin", "layout");
  return result;
}

export async function setLiveTrialAction(
  input: z.input<typeof setLiveTrialInput>,
): Promise<ActionResult<LiveTrialView>> {
  return refresh(await runAction((actor) => setLiveTrial(actor, input)));
}

export async function promoteModelAction(
  input: z.input<typeof promoteModelInput>,
): Promise<ActionResult<PromotionView>> {
  // The chat's model list changes too: a new default.
  const result = await runAction((actor) => promoteModel(actor, input));
  if (result.ok) revalidatePath("/", "layout");
  return result;
}

export async function undoPromotionAction(
  input: z.input<typeof undoPromotionInput>,
): Promise<ActionResult<{ defaultModelId: string | null }>> {
  const result = await runAction((actor) => undoPromotion(actor, input));
  if (result.ok) revalidatePath("/", "layout");
  return result;
}
