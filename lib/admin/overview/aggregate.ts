import "server-only";
import { Prisma } from "../../db/generated/client";
import { emptyDay, daysBetween, modelDay, type DayStats } from "./day-stats";

/** The Prisma client or an interactive transaction: both can run the raw queries below. */
export type Sql = Pick<Prisma.TransactionClient, "$queryRaw">;

type Row = { day: string; model: string };
type MessageRow = Row & { messages: number; answers: number };
type RatedRow = Row & { rated: number };
type RatingRow = Row & { up: number; down: number; downWithReason: number };
type ReasonRow = Row & { reason: string; n: number };

/**
 * Counts messages, answers, rated answers, ratings and bad-rating reasons per UTC day and model, from
 * the tables, for the days from `from` up to `to` (exclusive), or from `from` on when `to` is null
 * (today, with any row a skewed clock dated later). Days travel as text and are cast in SQL: createdAt
 * is a UTC timestamp without time zone, which a JavaScript Date parameter would shift by the session's.
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
  const range = (column: Prisma.Sql) =>
    to === null
      ? Prisma.sql`${column} >= ${from}::timestamp`
      : Prisma.sql`${column} >= ${from}::timestamp AND ${column} < ${to}::timestamp`;
  // Grouped on the raw values and formatted afterwards: hashing text keys costs twice as much when a
  // first fill groups millions of rows.
  const query =
    <T extends Row>(columns: Prisma.Sql, grouped: Prisma.Sql) =>
    () =>
      sql.$queryRaw<T[]>`
      SELECT to_char(g."day", 'YYYY-MM-DD') AS "day", coalesce(g."model", '') AS "model", ${columns}
      FROM (${grouped}) g`;

  const queries = [
    query<MessageRow>(
      Prisma.sql`g."messages", g."answers"`,
      Prisma.sql`
        SELECT date_trunc('day', "createdAt") AS "day", "modelId" AS "model", count(*)::int AS "messages",
               count(*) FILTER (WHERE "role" = 'assistant')::int AS "answers"
        FROM "Message" WHERE ${range(Prisma.sql`"createdAt"`)}
        GROUP BY 1, 2`,
    ),
    query<RatedRow>(
      Prisma.sql`g."rated"`,
      Prisma.sql`
        SELECT date_trunc('day', m."createdAt") AS "day", m."modelId" AS "model", count(*)::int AS "rated"
        FROM "Message" m
        WHERE ${range(Prisma.sql`m."createdAt"`)} AND m."role" = 'assistant'
          AND EXISTS (SELECT 1 FROM "Feedback" f WHERE f."messageId" = m."id")
        GROUP BY 1, 2`,
    ),
    query<RatingRow>(
      Prisma.sql`g."up", g."down", g."downWithReason"`,
      Prisma.sql`
        SELECT date_trunc('day', "createdAt") AS "day", "modelId" AS "model",
               count(*) FILTER (WHERE "rating" = 'up')::int AS "up",
               count(*) FILTER (WHERE "rating" = 'down')::int AS "down",
               count(*) FILTER (WHERE "rating" = 'down' AND cardinality("reasons") > 0)::int AS "downWithReason"
        FROM "Feedback" WHERE ${range(Prisma.sql`"createdAt"`)}
        GROUP BY 1, 2`,
    ),
    query<ReasonRow>(
      Prisma.sql`g."reason", g."n"`,
      Prisma.sql`
        SELECT date_trunc('day', f."createdAt") AS "day", f."modelId" AS "model", r."reason", count(*)::int AS "n"
        FROM "Feedback" f CROSS JOIN LATERAL unnest(f."reasons") AS r("reason")
        WHERE f."rating" = 'down' AND ${range(Prisma.sql`f."createdAt"`)}
        GROUP BY 1, 2, 3`,
    ),
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
