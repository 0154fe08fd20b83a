"use server";

import type { z } from "zod";
import { runAction } from "@/lib/auth/run-action";
import type { ActionResult } from "@/lib/errors/action-result";
import { rateMessage } from "./rate";
import { submitFeedback } from "./submit";
import { compareAnswers, type ComparisonResult } from "./comparisons";
import type { compareAnswersInput, rateMessageInput, submitFeedbackInput } from "./schemas";
import type { MessageFeedback } from "./types";

// Thin wrappers: lib/feedback validates, authorises and rate-limits.
export async function rateMessageAction(
  input: z.input<typeof rateMessageInput>,
): Promise<ActionResult<MessageFeedback | null>> {
  return runAction((actor) => rateMessage(actor, input));
}

export async function submitFeedbackAction(
  input: z.input<typeof submitFeedbackInput>,
): Promise<ActionResult<MessageFeedback>> {
  return runAction((actor) => submitFeedback(actor, input));
}

export async function compareAnswersAction(
  input: z.input<typeof compareAnswersInput>,
): Promise<ActionResult<ComparisonResult>> {
  return runAction((actor) => compareAnswers(actor, input));
}
