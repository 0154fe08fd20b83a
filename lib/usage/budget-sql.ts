import "server-only";
import { namedStatement } from "../db/named-statement";

/**
 * The budget that applies to a user and what they have used of it this UTC month: one row, or none
 * when no budget applies (then the usage is never summed). $1 user id.
 *
 * The user's own override wins over their role's budget (ORDER BY … LIMIT 1 over at most two rows of
 * a tiny table, both found through unique indexes). Month-to-date usage is summed over every source
 * (chat, API, playground) through UsageDaily(userId, day): at most ~31 days × models × sources rows.
 * Tokens are input + output (a provider's input count already includes its cached input).
 *
 * As a function of the user id's parameter (e.g. "$1"), so that the API's admission
 * (lib/api/completions/completion-sql.ts) embeds it and checks the budget in the same round trip.
 */
export function budgetStatusSql(user: string): string {
  return `WITH month AS (SELECT date_trunc('month', now() AT TIME ZONE 'UTC')::date AS start)
   SELECT b."unit"::text AS "unit",
          b."monthlyLimit" AS "limit",
          (b."userId" IS NOT NULL) AS "override",
          (SELECT start FROM month)::text AS "monthStart",
          ((SELECT start FROM month) + interval '1 month')::date::text AS "resetsOn",
          COALESCE((
            SELECT CASE WHEN b."unit" = 'usd' THEN sum(u."costUsd")
                        ELSE sum(u."inputTokens" + u."outputTokens")::float8 END
            FROM "UsageDaily" u
            WHERE u."userId" = ${user}::uuid AND u."day" >= (SELECT start FROM month)
          ), 0)::float8 AS "used"
   FROM "Budget" b
   WHERE b."userId" = ${user}::uuid
      OR b."role" = (SELECT "role" FROM "User" WHERE "id" = ${user}::uuid)
   ORDER BY (b."userId" IS NULL)
   LIMIT 1`;
}

export const BUDGET_STATUS = namedStatement("usage.budget-status", budgetStatusSql("$1"));

export type BudgetStatusRow = {
  unit: "usd" | "tokens";
  limit: number;
  override: boolean;
  monthStart: string;
  resetsOn: string;
  used: number;
};
