import "server-only";
import type { Prisma } from "../../db/generated/client";
import { emptyDay, daysBetween, modelDay, type DayStats } from "./day-stats";
import { messagesByDaySql, ratedByDaySql, ratingsByDaySql, reasonsByDaySql } from "./overview-sql";

/** The Prisma client or an interactive transaction: both can run the statements of overview-sql.ts. */
export type Sql = Pick<Prisma.TransactionClient, "$queryRaw">;

type Row = { day: string; model: string };
type MessageRow = Row & { messages: number; answers: number };
type RatedRow = Row & { rated: number };
type RatingRow = Row & { up: number; down: number; downWithReason: number };
type ReasonRow = Row & { reason: string; n: number };

/**
 * Counts messages, answers, rated answers, ratings and bad-rating reasons per UTC day and model, from
 * the tables, for the days from `from` up to `to` (exclusive), or from `from` on when `to` is null
 * (today, with any row a skewed clock dated later). The statements are in overview-sql.ts.
 *
 * Messages come from an index-only scan of Message(createdAt, role, modelId, id), probed into
 * Feedback(messageId, userId) for the rated answers (only an answer's author rates it: once at most);
 * ratings from Feedback(createdAt, id). `concurrent` runs the four queries at once on the pool; inside a
 * transaction they must queue on its one connection (the embedded database has only one anyway).
 */
export async function aggregateDays(
  sql: Sql,
  from: string,
  to: string | null,
  { concurrent = false } = {},
): Promise<Map<string, DayStats>> {
  const queries = [
    () => sql.$queryRaw<MessageRow[]>(messagesByDaySql(from, to)),
    () => sql.$queryRaw<RatedRow[]>(ratedByDaySql(from, to)),
    () => sql.$queryRaw<RatingRow[]>(ratingsByDaySql(from, to)),
    () => sql.$queryRaw<ReasonRow[]>(reasonsByDaySql(from, to)),
  ] as const;
  const [messages, rated, ratings, reasons] = concurrent
    ? await Promise.all([queries[0](), queries[1](), queries[2](), queries[3]()])
    : [await queries[0](), await queries[1](), await queries[2](), await queries[3]()];

  const days = new Map<string, DayStats>();
  for (const day of to === null ? [from] : daysBetween(from, to)) days.set(day, emptyDay(day));
  const statsOf = (day: string) => {
    const bucket = to === null ? from : day; // open-ended: everything from `from` on is that one day
    let stats = days.get(bucket);
    if (!stats) days.set(bucket, (stats = emptyDay(bucket)));
    return stats;
  };

  for (const row of messages) {
    const stats = statsOf(row.day);
    stats.messages += row.messages;
    stats.answers += row.answers;
    if (row.answers > 0) modelDay(stats, row.model).answers += row.answers;
  }
  for (const row of rated) {
    const stats = statsOf(row.day);
    stats.rated += row.rated;
    modelDay(stats, row.model).rated += row.rated;
  }
  for (const row of ratings) {
    const stats = statsOf(row.day);
    stats.up += row.up;
    stats.down += row.down;
    const model = modelDay(stats, row.model);
    model.up += row.up;
    model.down += row.down;
    model.downWithReason += row.downWithReason;
  }
  for (const row of reasons) {
    const model = modelDay(statsOf(row.day), row.model);
    model.badReasons[row.reason] = (model.badReasons[row.reason] ?? 0) + row.n;
  }
  return days;
}
