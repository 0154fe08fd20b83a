// The SQL of one export batch (lib/export/source/conversation-batches.ts), as text and bound parameters for
// `pg`: the batch's conversations are already known to be usable (lib/feedback/consent.ts), these statements
// load what the export core needs from them and nothing else. Times are read as ISO 8601 UTC strings (the
// columns are UTC timestamps without a zone; `pg` would read them in the process's time zone).
import { hasRatingFilter, hasRatingOnlyFilter, type ExportFilters } from "../export-input";

export type Statement = { text: string; values: unknown[] };

const iso = (column: string) => `to_char(${column}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** Numbered placeholders for the values of one statement. */
class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/**
 * The consent rule of lib/feedback/consent.ts (`usableConversationWhere()`: not temporary, not
 * deleted, the owner allows training use) as SQL on `c` (Conversation) and `u` (its owner), for the
 * export's source, which reads with `pg` alone. tests/integration/export.test.ts checks that both
 * select the same conversations.
 */
export const USABLE_CONVERSATION_SQL = `NOT c."temporary" AND c."deletedAt" IS NULL AND u."trainingConsent"`;

/**
 * Step 1 of a batch: the next `take` usable conversations after `after` (by id), of `users` and from
 * `sources` if any.
 */
export function conversationStatement(
  { users, sources }: Pick<ExportFilters, "users" | "sources">,
  after: string | null,
  take: number,
): Statement {
  const params = new Params();
  // Held-out replays (lib/evaluation) are never training data: their prompts are the validation split.
  const where = [USABLE_CONVERSATION_SQL, `c."source" <> 'evaluation'`];
  if (after !== null) where.push(`c."id" > ${params.add(after)}::uuid`);
  if (users.length > 0) where.push(`c."userId" = ANY(${params.add(users)}::uuid[])`);
  if (sources.length > 0) where.push(`c."source" = ANY(${params.add(sources)}::"ConversationSource"[])`);
  return {
    text: `
      SELECT c."id", c."userId", c."systemPrompt"
        FROM "Conversation" c
        JOIN "User" u ON u."id" = c."userId"
       WHERE ${where.join(" AND ")}
       ORDER BY c."id"
       LIMIT ${params.add(take)}`,
    values: params.values,
  };
}

/**
 * The conversations of a batch with their owners: only the owner's ratings and comparisons count.
 * The owner is compared as text so that the planner probes the conversation index alone: a user's
 * index would add hundreds of rows per conversation for nothing.
 */
function owners(params: Params, conversations: { id: string; userId: string }[]): string {
  const ids = params.add(conversations.map((c) => c.id));
  const users = params.add(conversations.map((c) => c.userId));
  return `unnest(${ids}::uuid[], ${users}::text[]) AS o("conversationId", "userId")`;
}

/** Time window on a creation time: whole UTC days, `until` included. */
function window(params: Params, column: string, filters: ExportFilters): string[] {
  const where: string[] = [];
  if (filters.since) where.push(`${column} >= ${params.add(filters.since)}::date`);
  if (filters.until) where.push(`${column} < ${params.add(filters.until)}::date + 1`);
  return where;
}

/**
 * The owner's ratings in the batch that match the filters, plus every excluded one: an excluded rating
 * takes its answer out of every signal (earlier turns, comparisons), so the core must see it even when
 * it would not match. `matches` tells the two apart.
 */
/** A rating `f` that is not excluded and matches the filters, as one SQL condition. */
function ratingMatches(params: Params, filters: ExportFilters): string {
  const match: string[] = [`f."reviewStatus" <> 'excluded'`, ...window(params, `f."createdAt"`, filters)];
  if (filters.models.length > 0) match.push(`f."modelId" = ANY(${params.add(filters.models)}::text[])`);
  if (filters.rating) match.push(`f."rating" = ${params.add(filters.rating)}::"Rating"`);
  if (filters.reasons.length > 0) match.push(`f."reasons" && ${params.add(filters.reasons)}::text[]`);
  if (filters.reviewStatus) {
    match.push(`f."reviewStatus" = ${params.add(filters.reviewStatus)}::"ReviewStatus"`);
  }
  return match.join(" AND ");
}

export function feedbackStatement(
  conversations: { id: string; userId: string }[],
  filters: ExportFilters,
): Statement {
  const params = new Params();
  const from = owners(params, conversations);
  const matches = ratingMatches(params, filters);
  return {
    text: `
      SELECT f."id", f."conversationId", f."messageId", f."rating"::text AS "rating", f."reasons",
             f."comment", f."reviewStatus"::text AS "reviewStatus", f."reviewNote",
             ${iso(`f."reviewedAt"`)} AS "reviewedAt", f."modelId", f."provider", f."params",
             ${iso(`f."createdAt"`)} AS "createdAt", ${iso(`f."updatedAt"`)} AS "updatedAt",
             (${matches}) AS "matches"
        FROM ${from}
        JOIN "Feedback" f ON f."conversationId" = o."conversationId" AND f."userId"::text = o."userId"
       WHERE f."reviewStatus" = 'excluded' OR (${matches})`,
    values: params.values,
  };
}

/**
 * The owner's comparisons in the batch that match the filters. Comparisons have no rating, reasons or review:
 * with one of those filters only pairs implied by ratings are read (conversation-batches.ts then keeps them
 * when both ratings match). The model filter matches either answer's model. An explicit (or arena) comparison goes out
 * only if neither answer carries a rating the filters leave out: without that rating the core would take the
 * answer for an unrated one and give it rows of its own.
 */
export function comparisonStatement(
  conversations: { id: string; userId: string }[],
  filters: ExportFilters,
): Statement {
  const params = new Params();
  const from = owners(params, conversations);
  // An evaluation's verdicts stay out of training data, as its conversations do.
  const where = [`k."source" <> 'evaluation'`, ...window(params, `k."createdAt"`, filters)];
  if (filters.models.length > 0) {
    where.push(`EXISTS (SELECT 1 FROM "Message" m
                         WHERE m."id" IN (k."answerAId", k."answerBId")
                           AND m."modelId" = ANY(${params.add(filters.models)}::text[]))`);
  }
  if (hasRatingOnlyFilter(filters)) where.push(`k."source" = 'ratings'`);
  else if (hasRatingFilter(filters)) {
    where.push(`(k."source" = 'ratings' OR NOT EXISTS (
      SELECT 1 FROM "Feedback" f
       WHERE f."messageId" IN (k."answerAId", k."answerBId") AND f."userId" = k."userId"
         AND f."reviewStatus" <> 'excluded' AND NOT (${ratingMatches(params, filters)})))`);
  }
  return {
    text: `
      SELECT k."id", k."conversationId", k."promptId", k."answerAId", k."answerBId", k."preferredId",
             k."bothBad", k."source"::text AS "source", ${iso(`k."createdAt"`)} AS "createdAt",
             ${iso(`k."updatedAt"`)} AS "updatedAt"
        FROM ${from}
        JOIN "Comparison" k ON k."conversationId" = o."conversationId" AND k."userId"::text = o."userId"
       ${where.length > 0 ? `WHERE ${where.join(" AND ")}` : ""}`,
    values: params.values,
  };
}

/**
 * Every message of the conversations, all branches. `full` adds how each answer was produced (model,
 * usage, timings), which only the raw format writes; the training formats read the tree and the text.
 */
export function messageStatement(conversationIds: string[], full: boolean): Statement {
  // Without them, constants keep the rows' shape (the snapshot's message type) at no cost.
  const production = full
    ? `m."modelId", m."provider", m."params", m."inputTokens", m."outputTokens", m."timeToFirstTokenMs",
       m."durationMs", m."finishReason", m."status"::text AS "status",`
    : `NULL AS "modelId", NULL AS "provider", NULL AS "params", NULL AS "inputTokens",
       NULL AS "outputTokens", NULL AS "timeToFirstTokenMs", NULL AS "durationMs",
       NULL AS "finishReason", 'complete' AS "status",`;
  return {
    text: `
      SELECT m."conversationId", m."id", m."parentId", m."role"::text AS "role", m."text", ${production}
             ${iso(`m."createdAt"`)} AS "createdAt"
        FROM "Message" m
       WHERE m."conversationId" = ANY($1::uuid[])`,
    values: [conversationIds],
  };
}

/** The newest correction of each answer (by time, then id — the order the core uses). */
export function correctionStatement(conversationIds: string[]): Statement {
  return {
    text: `
      SELECT DISTINCT ON (x."messageId") x."id", x."conversationId", x."messageId", x."text",
             ${iso(`x."createdAt"`)} AS "createdAt"
        FROM "Correction" x
       WHERE x."conversationId" = ANY($1::uuid[])
       ORDER BY x."messageId", x."createdAt" DESC, x."id" DESC`,
    values: [conversationIds],
  };
}
