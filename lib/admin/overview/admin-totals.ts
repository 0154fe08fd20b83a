import "server-only";
import { db } from "../../db/client";
import { requireAdmin, type Actor } from "../../auth/actor";
import { usableFeedbackWhere } from "../../feedback/consent";

export type AdminTotals = {
  users: number;
  admins: number;
  conversations: number;
  messages: number;
  ratings: number;
  /** Ratings the consent rule lets into training data (lib/feedback/consent). */
  usableRatings: number;
};

/** Headline counts for the admin overview. Admin-only: everyone else gets "not found". */
export async function getAdminTotals(actor: Actor): Promise<AdminTotals> {
  await requireAdmin(actor);
  const client = db();
  const [users, admins, conversations, messages, ratings, usableRatings] = await Promise.all([
    client.user.count(),
    client.user.count({ where: { role: "ADMIN" } }),
    client.conversation.count({ where: { deletedAt: null } }),
    client.message.count(),
    client.feedback.count(),
    client.feedback.count({ where: usableFeedbackWhere() }),
  ]);
  return { users, admins, conversations, messages, ratings, usableRatings };
}
