// Inputs of Admin → Usage's budget forms, shared by the browser and the server. Amounts come from form
// fields as strings.
import { z } from "zod";
import { userText } from "../validation/user-text";

/** Sane ceilings: far above any real monthly budget, low enough to catch a slip of the keyboard. */
export const MAX_BUDGET = { usd: 1_000_000, tokens: 1_000_000_000_000 } as const;

const amount = z.preprocess(
  (value) => (typeof value === "string" && value.trim() !== "" ? Number(value.trim()) : value),
  z
    .number({ error: "Enter an amount, e.g. 25 or 0.50." })
    .finite("Enter an amount, e.g. 25 or 0.50.")
    .min(0, "A budget cannot be negative."),
);
const unit = z.enum(["usd", "tokens"], { error: "Choose USD or tokens." });

function withinCeiling(input: { unit: "usd" | "tokens"; monthlyLimit: number }, ctx: z.RefinementCtx) {
  const max = MAX_BUDGET[input.unit];
  if (input.monthlyLimit > max) {
    ctx.addIssue({
      code: "custom",
      path: ["monthlyLimit"],
      message:
        input.unit === "usd"
          ? `At most $${max.toLocaleString("en-US")} a month.`
          : `At most ${max.toLocaleString("en-US")} tokens a month.`,
    });
  }
  if (input.unit === "tokens" && !Number.isInteger(input.monthlyLimit)) {
    ctx.addIssue({ code: "custom", path: ["monthlyLimit"], message: "Tokens are whole numbers." });
  }
}

export const setRoleBudgetInput = z
  .object({
    role: z.enum(["USER", "ADMIN"], { error: "Choose a role." }),
    unit,
    monthlyLimit: amount,
  })
  .superRefine(withinCeiling);

export const setUserBudgetInput = z
  .object({
    email: userText()
      .trim()
      .toLowerCase()
      .pipe(z.email("Enter the email of an account.").max(320, "Enter the email of an account.")),
    unit,
    monthlyLimit: amount,
  })
  .superRefine(withinCeiling);

export const removeBudgetInput = z.object({ budgetId: z.uuid("Unknown budget.") });
