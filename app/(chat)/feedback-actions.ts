"use server";

import { runAction } from "@/lib/auth/run-action";
import type { ActionResult } from "@/lib/errors/action-result";
import { rateMessage } from "@/lib/feedback/rate";
import { submitFeedback } from "@/lib/feedback/submit";
import { compareAnswers, type ComparisonResult } from "@/lib/feedback/comparisons";
import type { MessageFeedback } from "@/lib/feedback/types";

// Thin wrappers: lib/feedback validates, authorises and rate-limits.
export async function rateMessageAction(input: unknown): Promise<ActionResult<MessageFeedback | null>> {
  return runAction((actor) => rateMessage(actor, input));
}

export async function submitFeedbackAction(input: unknown): Promise<ActionResult<MessageFeedback>> {
  return runAction((actor) => submitFeedback(actor, input));
}

export async function compareAnswersAction(input: unknown): Promise<ActionResult<ComparisonResult>> {
  return runAction((actor) => compareAnswers(actor, input));
}
