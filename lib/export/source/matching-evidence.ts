import "server-only";
// How much evidence an export's filters match in the whole database, for the preview: counted with
// the consent rule's Prisma filters (lib/feedback/consent.ts), so the figure uses the same rule the
// export applies. Ratings are counted exactly; comparisons before the rule that a pair implied by
// ratings goes only with both of its ratings (lib/export/source/conversation-batches.ts).
import { db } from "../../db/client";
import type { Prisma } from "../../db/generated/client";
import { usableConversationWhere, usableFeedbackWhere } from "../../feedback/consent";
import { hasRatingOnlyFilter, type ExportFilters } from "../export-input";

export type MatchingEvidence = { ratings: number; comparisons: number };

/** Whole UTC days, `until` included. */
function createdWithin(filters: ExportFilters): { createdAt?: Prisma.DateTimeFilter } {
  if (!filters.since && !filters.until) return {};
  const day = (value: string, plus = 0) => new Date(Date.parse(`${value}T00:00:00Z`) + plus * 86_400_000);
  return {
    createdAt: {
      ...(filters.since ? { gte: day(filters.since) } : {}),
      ...(filters.until ? { lt: day(filters.until, 1) } : {}),
    },
  };
}

export async function matchingEvidence(filters: ExportFilters): Promise<MatchingEvidence> {
  const ratingWhere: Prisma.FeedbackWhereInput = {
    AND: [
      usableFeedbackWhere(),
      {
        ...createdWithin(filters),
        ...(filters.models.length > 0 ? { modelId: { in: filters.models } } : {}),
        ...(filters.rating ? { rating: filters.rating } : {}),
        ...(filters.reasons.length > 0 ? { reasons: { hasSome: filters.reasons } } : {}),
        ...(filters.reviewStatus ? { reviewStatus: filters.reviewStatus } : {}),
        ...(filters.users.length > 0 ? { userId: { in: filters.users } } : {}),
        ...(filters.sources.length > 0 ? { conversation: { source: { in: filters.sources } } } : {}),
      },
    ],
  };
  const models = { modelId: { in: filters.models } };
  const comparisonWhere: Prisma.ComparisonWhereInput = {
    conversation: {
      ...usableConversationWhere(),
      ...(filters.sources.length > 0 ? { source: { in: filters.sources } } : {}),
    },
    ...createdWithin(filters),
    ...(filters.users.length > 0 ? { userId: { in: filters.users } } : {}),
    ...(filters.models.length > 0 ? { OR: [{ answerA: models }, { answerB: models }] } : {}),
    ...(hasRatingOnlyFilter(filters) ? { source: "ratings" as const } : {}),
  };
  const [ratings, comparisons] = await Promise.all([
    db().feedback.count({ where: ratingWhere }),
    db().comparison.count({ where: comparisonWhere }),
  ]);
  return { ratings, comparisons };
}
