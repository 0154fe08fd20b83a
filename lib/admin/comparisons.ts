import "server-only";
import { db } from "../db/client";
import { requireAdmin, type Actor } from "../auth/actor";
import { parseInput } from "../errors/parse-input";
import { chosenAndRejected } from "../feedback/preferences";
import { trainingUse, type TrainingUse } from "../feedback/consent";
import { keysetPage, type Direction, type ListPage } from "../pagination/keyset-page";
import type { ListCursor } from "../pagination/list-cursor";
import { listComparisonsInput } from "./schemas";
import {
  comparisonIdsSql,
  comparisonRowsSql,
  searchIndexSql,
  searchWalkSql,
  toQuery,
  type ComparisonQuery,
} from "./comparisons-sql";

/** How much of the question and of each answer the list shows. */
export const TEXT_START = 160;

export type ComparisonAnswer = { id: string; modelId: string | null; textStart: string };

export type ComparisonListRow = {
  id: string;
  createdAt: Date;
  user: { id: string; name: string };
  source: "explicit" | "ratings" | "arena" | "evaluation";
  /**
   * True for "Same" / "Tie" and for "Both are bad": then `preferred` and `rejected` are just the two
   * answers, in stored order.
   */
  tie: boolean;
  /** "Both are bad" (arena votes): no preference, shown apart from a tie. */
  bothBad: boolean;
  questionStart: string;
  preferred: ComparisonAnswer;
  rejected: ComparisonAnswer;
  /** The consent rule (lib/feedback/consent) applied to the comparison's conversation. */
  training: TrainingUse;
};

type Row = {
  id: string;
  createdAt: Date;
  userId: string;
  userName: string;
  userConsent: boolean;
  temporary: boolean;
  deleted: boolean;
  source: "explicit" | "ratings" | "arena" | "evaluation";
  preferredId: string | null;
  bothBad: boolean;
  answerAId: string;
  answerBId: string;
  questionStart: string;
  modelA: string | null;
  startA: string;
  modelB: string | null;
  startB: string;
};

/** How many comparisons, in list order, a search checks one by one before it asks the index instead. */
const SEARCH_WALK = 2_000;

/**
 * The ids of `limit + 1` comparisons from `cursor` in `direction`, in list order. Without a search,
 * the (createdAt, id) index gives them directly. A search has two plans, because either alone takes
 * seconds at a million messages in the other's case: a common word is found by checking the next
 * comparisons in order (the page fills at once), a rare one through the full-text index (the few
 * matching questions, then their comparisons). The first plan runs with a budget; the second only
 * when the budget did not fill the page. Both give the same rows, so pages stay consistent.
 */
async function pageIds(
  query: ComparisonQuery,
  cursor: ListCursor | undefined,
  direction: Direction,
  limit: number,
): Promise<string[]> {
  if (!query.tsquery) {
    const rows = await db().$queryRaw<{ id: string }[]>(comparisonIdsSql(query, cursor, direction, limit));
    return rows.map((row) => row.id);
  }
  const [walk] = await db().$queryRaw<{ examined: number; ids: string[] | null }[]>(
    searchWalkSql(query, query.tsquery, cursor, direction, limit, SEARCH_WALK),
  );
  const found = walk?.ids ?? [];
  if (found.length > limit || (walk?.examined ?? 0) < SEARCH_WALK) return found;
  const rows = await db().$queryRaw<{ id: string }[]>(
    searchIndexSql(query, query.tsquery, cursor, direction, limit),
  );
  return rows.map((row) => row.id);
}

/**
 * What the list shows of the chosen comparisons: the texts are cut to their first characters in
 * SQL, so a list never loads a whole conversation.
 */
async function fetchRows(ids: string[], direction: Direction): Promise<Row[]> {
  if (ids.length === 0) return [];
  return db().$queryRaw<Row[]>(comparisonRowsSql(ids, direction, TEXT_START));
}

function toListRow(row: Row): ComparisonListRow {
  const a = { id: row.answerAId, modelId: row.modelA, textStart: row.startA };
  const b = { id: row.answerBId, modelId: row.modelB, textStart: row.startB };
  const { chosenId, tie } = chosenAndRejected(row);
  return {
    id: row.id,
    createdAt: row.createdAt,
    user: { id: row.userId, name: row.userName },
    source: row.source,
    tie,
    bothBad: row.bothBad,
    questionStart: row.questionStart,
    preferred: chosenId === a.id ? a : b,
    rejected: chosenId === a.id ? b : a,
    training: trainingUse({ temporary: row.temporary, deleted: row.deleted, userConsent: row.userConsent }),
  };
}

/**
 * Recorded preferences, newest first, filtered, one keyset page at a time: page 1,000 costs what
 * page 1 costs, and rows arriving meanwhile never shift a page (no duplicates, no gaps).
 */
export async function listComparisons(actor: Actor, raw: unknown = {}): Promise<ListPage<ComparisonListRow>> {
  await requireAdmin(actor);
  const filters = parseInput(listComparisonsInput, raw);
  const query = toQuery(filters);
  if (!query) return { rows: [], older: null, newer: null };
  const { after, before, limit } = filters;
  const load = async (cursor: ListCursor | undefined, direction: Direction) =>
    fetchRows(await pageIds(query, cursor, direction, limit), direction);
  const page = await keysetPage(load, { after, before, limit });
  return { ...page, rows: page.rows.map(toListRow) };
}
