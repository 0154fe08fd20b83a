import "server-only";
import { db } from "../db/client";
import { AppError, notFound } from "../errors/app-error";
import { parseInput } from "../errors/parse-input";
import { requireAdmin, type Actor } from "../auth/actor";
import { recordAudit } from "../audit/record-audit";
import { lockCorrectionsSql } from "./admin-locks-sql";
import { reviewFeedbackInput, saveCorrectionInput } from "./triage-schemas";

export type ReviewState = {
  reviewStatus: "pending" | "reviewed" | "excluded";
  reviewNote: string;
  reviewedAt: string | null;
};

/**
 * Marks a rating reviewed, excludes it from training (with an optional note), or reopens it. Two
 * admins triaging the same rating at once: the last write wins — each write is complete on its own
 * (status, note, who, when), and both are in the audit log.
 */
export async function reviewFeedback(actor: Actor, raw: unknown): Promise<ReviewState> {
  const admin = await requireAdmin(actor);
  const { feedbackId, status, note } = parseInput(reviewFeedbackInput, raw);
  return db().$transaction(async (tx) => {
    const updated = await tx.feedback.updateManyAndReturn({
      where: { id: feedbackId },
      data: {
        reviewStatus: status,
        reviewNote: note,
        reviewedAt: status === "pending" ? null : new Date(),
        reviewedById: status === "pending" ? null : admin.id,
      },
      select: { reviewStatus: true, reviewNote: true, reviewedAt: true },
    });
    const row = updated[0];
    if (!row) throw notFound("Feedback not found.");
    await recordAudit(tx, admin, {
      action:
        status === "reviewed"
          ? "feedback.review"
          : status === "excluded"
            ? "feedback.exclude"
            : "feedback.reopen",
      targetType: "feedback",
      targetId: feedbackId,
      details: note ? { status, note: note.slice(0, 200) } : { status },
    });
    return { ...row, reviewedAt: row.reviewedAt?.toISOString() ?? null };
  });
}

export type SavedCorrection = { id: string; text: string; createdAt: string; author: string };

/**
 * Saves a corrected ("ideal") answer for a rated answer; export trains on the newest one. Every save is
 * a new version (the history stays), and a save must start from the newest version: if another admin
 * saved meanwhile, it is refused with CONFLICT and nothing is lost — the editor shows theirs.
 */
export async function saveCorrection(actor: Actor, raw: unknown): Promise<SavedCorrection> {
  const admin = await requireAdmin(actor);
  const { feedbackId, text, baseCorrectionId } = parseInput(saveCorrectionInput, raw);
  return db().$transaction(async (tx) => {
    const feedback = await tx.feedback.findUnique({
      where: { id: feedbackId },
      select: { messageId: true, conversationId: true },
    });
    if (!feedback) throw notFound("Feedback not found.");
    // One save at a time per answer, so the "newest" checked below is still the newest when we insert.
    await tx.$executeRaw(lockCorrectionsSql(feedback.messageId));
    const latest = await tx.correction.findFirst({
      where: { messageId: feedback.messageId },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      select: { id: true, author: { select: { email: true } } },
    });
    if ((latest?.id ?? null) !== baseCorrectionId) {
      throw new AppError(
        "CONFLICT",
        `${latest?.author?.email ?? "Another admin"} saved a correction while you were editing. Reload to see it; your text is still in the editor.`,
      );
    }
    const saved = await tx.correction.create({
      data: {
        messageId: feedback.messageId,
        conversationId: feedback.conversationId,
        authorId: admin.id,
        text,
      },
      select: { id: true, text: true, createdAt: true },
    });
    await recordAudit(tx, admin, {
      action: "correction.save",
      targetType: "feedback",
      targetId: feedbackId,
      details: { correctionId: saved.id, characters: text.length },
    });
    return { ...saved, createdAt: saved.createdAt.toISOString(), author: admin.email };
  });
}
