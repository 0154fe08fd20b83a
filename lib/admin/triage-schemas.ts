// Inputs of the feedback triage actions (lib/admin/triage.ts), shared with the review page's forms.
import { z } from "zod";
import { userText } from "../validation/user-text";

export const reviewFeedbackInput = z.object({
  feedbackId: z.uuid("Unknown feedback."),
  status: z.enum(["pending", "reviewed", "excluded"], "Unknown review status."),
  note: userText().trim().max(2000, "Notes are at most 2,000 characters.").default(""),
});

export const CORRECTION_MAX_CHARS = 32_000;

export const saveCorrectionInput = z.object({
  feedbackId: z.uuid("Unknown feedback."),
  text: userText()
    .trim()
    .min(1, "Write the corrected answer first.")
    .max(CORRECTION_MAX_CHARS, "A corrected answer is at most 32,000 characters."),
  /** The correction the editor started from (null: none existed). A newer one means someone else saved. */
  baseCorrectionId: z.uuid().nullable(),
});
