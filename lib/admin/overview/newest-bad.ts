import "server-only";
import { db } from "../../db/client";
import { reasonLabel } from "../../feedback/reasons";

export type NewestBadRating = {
  /** Feedback id: /admin/feedback/<id> shows it in its conversation. */
  id: string;
  createdAt: Date;
  /** null when the model is unknown. */
  modelId: string | null;
  reasons: { key: string; label: string }[];
  /** Exactly as the user typed it: render as text, never as HTML. */
  comment: string;
};

export const NEWEST_BAD_LIMIT = 10;

/**
 * The newest bad ratings that came with a comment, since `from`. Walks Feedback(rating, createdAt, id)
 * newest first and stops after `limit` matches: cost does not grow with the table.
 */
export async function newestBadWithComment(from: Date, limit = NEWEST_BAD_LIMIT): Promise<NewestBadRating[]> {
  const rows = await db().feedback.findMany({
    where: { rating: "down", comment: { not: "" }, createdAt: { gte: from } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit,
    select: { id: true, createdAt: true, modelId: true, reasons: true, comment: true },
  });
  return rows.map((row) => ({
    ...row,
    reasons: row.reasons.map((key) => ({ key, label: reasonLabel(key) })),
  }));
}
