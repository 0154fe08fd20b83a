// Inputs of Admin → Evaluations, one zod schema per action, shared by the forms and the server.
// Numbers arrive from form fields as text.
import { z } from "zod";

export const JUDGES = ["admins", "model"] as const;
export const MAX_CONCURRENCY = 8;
/** Above this a cap is a typo rather than a budget. */
export const MAX_COST_CAP_USD = 100_000;

const modelId = (what: string) =>
  z
    .string(`Pick the ${what}.`)
    .trim()
    .min(1, `Pick the ${what}.`)
    .max(200, `The ${what}'s id is at most 200 characters.`);

const number = (message: string) =>
  z.preprocess(
    (value) => (typeof value === "string" ? (value.trim() === "" ? undefined : Number(value)) : value),
    z.number(message),
  );

const setup = z.object({
  candidateModelId: modelId("candidate model"),
  baselineModelId: modelId("baseline model"),
  datasetId: z.uuid("Pick a dataset with a validation split."),
  judge: z.enum(JUDGES, "Pick who judges: the admins or a judge model."),
  judgeModelId: z.preprocess(
    (value) => (value === "" || value === null ? undefined : value),
    modelId("judge model").optional(),
  ),
  concurrency: number("Concurrency is a whole number from 1 to 8.")
    .pipe(
      z
        .number()
        .int("Concurrency is a whole number from 1 to 8.")
        .min(1, "Concurrency is a whole number from 1 to 8.")
        .max(MAX_CONCURRENCY, "Concurrency is a whole number from 1 to 8."),
    )
    .default(2),
});

const costCapUsd = number("Enter a cost cap in USD, e.g. 5.").pipe(
  z
    .number()
    .positive("The cost cap must be more than $0.")
    .max(MAX_COST_CAP_USD, `The cost cap is at most $${MAX_COST_CAP_USD.toLocaleString("en-US")}.`),
);

function checkSetup(
  input: {
    candidateModelId: string;
    baselineModelId: string;
    judge: string;
    judgeModelId?: string | undefined;
  },
  ctx: z.RefinementCtx,
): void {
  if (input.candidateModelId === input.baselineModelId) {
    ctx.addIssue({
      code: "custom",
      path: ["baselineModelId"],
      message: "Pick a baseline other than the candidate.",
    });
  }
  if (input.judge === "model" && !input.judgeModelId) {
    ctx.addIssue({ code: "custom", path: ["judgeModelId"], message: "Pick the judge model." });
  }
}

/** What "Estimate cost" reads: the set-up without the cap. */
export const estimateEvaluationInput = setup.superRefine(checkSetup);

export const createEvaluationInput = setup.extend({ costCapUsd }).superRefine(checkSetup);
export type CreateEvaluationInput = z.infer<typeof createEvaluationInput>;

export const evaluationIdInput = z.object({ evaluationId: z.uuid("Unknown evaluation.") });

export const REVIEW_CHOICES = ["A", "B", "tie", "both_bad"] as const;

export const reviewItemInput = z.object({
  itemId: z.uuid("Unknown pair."),
  choice: z.enum(REVIEW_CHOICES, "Choose A, B, Tie or Both are bad."),
});
