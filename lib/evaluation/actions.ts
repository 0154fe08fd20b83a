"use server";

import type { z } from "zod";
import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/auth/run-action";
import type { ActionResult } from "@/lib/errors/action-result";
import type { CostEstimate } from "./estimate";
import { cancelEvaluation, createEvaluation, estimateEvaluation } from "./evaluations";
import { reviewItem } from "./review";
import type {
  createEvaluationInput,
  estimateEvaluationInput,
  evaluationIdInput,
  reviewItemInput,
} from "./schemas";

export async function estimateEvaluationAction(
  input: z.input<typeof estimateEvaluationInput>,
): Promise<ActionResult<CostEstimate>> {
  return runAction((actor) => estimateEvaluation(actor, input));
}

export async function createEvaluationAction(
  input: z.input<typeof createEvaluationInput>,
): Promise<ActionResult<{ evaluationId: string; estimate: CostEstimate }>> {
  const result = await runAction((actor) => createEvaluation(actor, input));
  if (result.ok) revalidatePath("/admin/evaluations");
  return result;
}

export async function cancelEvaluationAction(
  input: z.input<typeof evaluationIdInput>,
): Promise<ActionResult<{ status: string }>> {
  const result = await runAction((actor) => cancelEvaluation(actor, input));
  if (result.ok) revalidatePath("/admin/evaluations", "layout");
  return result;
}

export async function reviewItemAction(
  input: z.input<typeof reviewItemInput>,
): Promise<ActionResult<{ evaluationId: string }>> {
  const result = await runAction((actor) => reviewItem(actor, input));
  if (result.ok) revalidatePath(`/admin/evaluations/${result.data.evaluationId}`, "layout");
  return result;
}
