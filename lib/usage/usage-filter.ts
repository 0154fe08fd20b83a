import "server-only";
import { db } from "../db/client";
import { AppError } from "../errors/app-error";
import { parseInput } from "../errors/parse-input";
import { resolvePeriod, usageReportInput } from "./usage-input";
import type { UsageFilter } from "./usage-report-sql";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type ResolvedUsageFilter = UsageFilter & {
  /** The preset asked for, when the period is one. */
  days: number | null;
  /** What the user filter shows: the email typed, or the id of a deleted account. */
  userLabel: string | null;
};

/**
 * Validates Admin → Usage's filters (the page's and the CSV's) and resolves them: the period to UTC
 * days, a user given by email to their id. An unknown email is a field error on `user`. Callers have
 * checked that the actor is an admin.
 */
export async function resolveUsageFilter(raw: unknown, now = new Date()): Promise<ResolvedUsageFilter> {
  const input = parseInput(usageReportInput, raw ?? {});
  const { from, to } = resolvePeriod(input, now.toISOString().slice(0, 10));
  let userId: string | null = null;
  if (input.user) {
    if (UUID.test(input.user)) {
      userId = input.user.toLowerCase();
    } else {
      const user = await db().user.findUnique({
        where: { email: input.user.toLowerCase() },
        select: { id: true },
      });
      if (!user) {
        throw new AppError("VALIDATION", "No account has that email.", {
          user: "No account has that email.",
        });
      }
      userId = user.id;
    }
  }
  return {
    from,
    to,
    userId,
    modelId: input.model ?? null,
    days: input.from ? null : (input.days ?? null),
    userLabel: input.user ?? null,
  };
}
