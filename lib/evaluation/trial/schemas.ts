// Inputs of the live traffic trial and of promotions, shared by the admin forms and the server.
import { z } from "zod";

const modelIdField = (what: string) =>
  z
    .string({ error: `Choose the ${what} model.` })
    .trim()
    .min(1, `Choose the ${what} model.`)
    .max(200, "Model ids are at most 200 characters.");

/**
 * Starts, changes or stops the live trial. A share of 0 stops it (the models may then be left out).
 * An empty baseline means "the candidate's base model, else the default model".
 */
export const setLiveTrialInput = z
  .object({
    candidateModelId: modelIdField("candidate").nullable().default(null),
    baselineModelId: z
      .string()
      .trim()
      .max(200, "Model ids are at most 200 characters.")
      .nullable()
      .default(null)
      .transform((value) => (value ? value : null)),
    sharePercent: z
      .number({ error: "The share is a number from 0 to 100." })
      .int("The share is a whole number of percent.")
      .min(0, "The share is at least 0 %.")
      .max(100, "The share is at most 100 %."),
  })
  .strict()
  .superRefine((input, ctx) => {
    if (input.sharePercent > 0 && !input.candidateModelId) {
      ctx.addIssue({ code: "custom", path: ["candidateModelId"], message: "Choose the candidate model." });
    }
  });

export const promoteModelInput = z
  .object({
    modelId: z.string().trim().min(1, "Choose a model.").max(200, "Model ids are at most 200 characters."),
  })
  .strict();
export const undoPromotionInput = z.object({ promotionId: z.uuid("Unknown promotion.") }).strict();
