import "server-only";
import { db } from "../db/client";
import { requireAdmin, type Actor } from "../auth/actor";
import { parseInput } from "../errors/parse-input";
import { toPage, type Direction, type ListPage } from "../pagination/keyset-page";
import { feedbackFiltersInput, type FeedbackCursor, type FeedbackFilters } from "./feedback-filters";
import { feedbackModelsSql, feedbackPageSql } from "./feedback-list-sql";

export const FEEDBACK_PAGE_SIZE = 30;

export type FeedbackListRow = {
  id: string;
  createdAt: string;
  rating: "up" | "down";
  reasons: string[];
  commentStart: string;
  reviewStatus: "pending" | "reviewed" | "excluded";
  modelId: string | null;
  userId: string;
  userName: string;
  answerStart: string;
};

export type FeedbackPage = ListPage<FeedbackListRow>;

type Row = Omit<FeedbackListRow, "createdAt"> & { createdAt: Date };

/**
 * Up to `limit + 1` rows from `cursor` in `direction` (newest first going older, oldest first going
 * newer); the extra row only says that more exist. Keyset
 * pagination on (createdAt, id): page 1,000 costs what page 1 costs, and rows arriving meanwhile never
 * shift a page (no duplicates, no gaps). Selects only what the list shows: the start of the comment
 * and of the answer, and the user's name.
 */
async function fetchPage(
  filters: FeedbackFilters,
  cursor: FeedbackCursor | undefined,
  direction: Direction,
  limit: number,
): Promise<Row[]> {
  return db().$queryRaw<Row[]>(feedbackPageSql(filters, cursor, direction, limit));
}

function toListRow(row: Row): FeedbackListRow {
  return { ...row, createdAt: row.createdAt.toISOString() };
}

/** The admin feedback list: newest first, filtered, one keyset page at a time. */
export async function listFeedback(actor: Actor, raw: unknown): Promise<FeedbackPage> {
  await requireAdmin(actor);
  const filters = parseInput(feedbackFiltersInput, raw);
  // "before" goes back towards newer rows; otherwise older rows from "after" (or from the top).
  const direction = filters.before ? "newer" : "older";
  const cursor = filters.before ?? filters.after;
  const rows = await fetchPage(filters, cursor, direction, FEEDBACK_PAGE_SIZE);
  const page = toPage(rows, FEEDBACK_PAGE_SIZE, direction, cursor !== undefined);
  return { ...page, rows: page.rows.map(toListRow) };
}

/** The rows just before and after one feedback row under the same filters: next/previous in the detail. */
export async function feedbackNeighbours(
  actor: Actor,
  feedbackId: string,
  raw: unknown,
): Promise<{ newer: string | null; older: string | null }> {
  await requireAdmin(actor);
  const filters = parseInput(feedbackFiltersInput, raw);
  const self = await db().feedback.findUnique({
    where: { id: feedbackId },
    select: { id: true, createdAt: true },
  });
  if (!self) return { newer: null, older: null };
  const [older, newer] = await Promise.all([
    fetchPage(filters, self, "older", 1),
    fetchPage(filters, self, "newer", 1),
  ]);
  return { older: older[0]?.id ?? null, newer: newer[0]?.id ?? null };
}

/** Model ids that have feedback, for the filter's choices. A skip scan over the model index: 5 models
 * in a million rows cost five index probes, not a scan. */
export async function listFeedbackModels(actor: Actor): Promise<string[]> {
  await requireAdmin(actor);
  const rows = await db().$queryRaw<{ model: string }[]>(feedbackModelsSql());
  return rows.map((row) => row.model);
}
