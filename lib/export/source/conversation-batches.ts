import "server-only";
// The database side of the export: usable conversations, in keyset batches ordered by id, as the
// snapshots the pure core (lib/export/items/conversation-items.ts) turns into lines. Per batch:
//
// 1. the next `batchSize` conversations by id that pass the consent rule — `usableConversationWhere()`
//    from lib/feedback/consent.ts, the one rule the admin console uses too (temporary chats, consent
//    off, deleted conversations; a deleted user's conversations no longer exist), in its SQL form
//    (export-sql.ts) — of the chosen users and sources;
// 2. their owners' ratings and comparisons that match the filters (plus excluded ratings, which the
//    core needs to drop their answers everywhere); conversations without matching evidence stop here;
// 3. the messages (all branches; production details only for `raw`) and newest corrections of the rest.
//
// Each step is a few statements with bound parameters, each batch holds at most `batchSize`
// conversations, and nothing is kept between batches: memory does not grow with the export. The next
// batch is read while the caller turns the current one into lines. Reading stops at once when the
// signal aborts (a cancelled download).
// `pg` only, not the Prisma client: the CLI then never loads Prisma (lib/db/pool.ts).
import { pool } from "../../db/pool";
import { pseudonymKey, pseudonymousUserId } from "./pseudonym";
import {
  comparisonStatement,
  conversationStatement,
  correctionStatement,
  feedbackStatement,
  messageStatement,
  type Statement,
} from "./export-sql";
import { hasRatingFilter, type ExportFilters } from "../export-input";
import type {
  ConversationSnapshot,
  SnapshotComparison,
  SnapshotCorrection,
  SnapshotFeedback,
  SnapshotMessage,
} from "../items/snapshot";

/** Conversations per batch: the seed's hold ~40 messages, so ~4,000 messages a batch. Larger batches
 * measured slower (more garbage per batch) and not fewer round trips that matter. */
export const DEFAULT_BATCH_SIZE = 100;

export type SourceOptions = {
  /** Load how each answer was produced (model, usage, timings): only `raw` writes it. */
  production: boolean;
  /** The server secret the pseudonymous user ids are derived from (AUTH_SECRET). */
  secret: string;
  signal?: AbortSignal;
  batchSize?: number;
};

export type SourceBatch = {
  /** Usable conversations with matching evidence, in id order. */
  snapshots: ConversationSnapshot[];
  /** Usable conversations looked at (with or without matching evidence). */
  scanned: number;
};

type Conversation = { id: string; userId: string; systemPrompt: string };
type FeedbackRow = SnapshotFeedback & { conversationId: string; matches: boolean };
type ComparisonRow = SnapshotComparison & { conversationId: string };
type MessageRow = SnapshotMessage & { conversationId: string };
type CorrectionRow = SnapshotCorrection & { conversationId: string };

async function query<T>(statement: Statement): Promise<T[]> {
  const result = await pool().query<T & object>(statement);
  return result.rows;
}

function groupBy<T extends { conversationId: string }>(rows: T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const group = groups.get(row.conversationId);
    if (group) group.push(row);
    else groups.set(row.conversationId, [row]);
  }
  return groups;
}

/** Step 1: the next usable conversations after `after`, by id. */
function nextConversations(
  filters: ExportFilters,
  after: string | null,
  take: number,
): Promise<Conversation[]> {
  return query<Conversation>(conversationStatement(filters, after, take));
}

/**
 * Step 2 as data: which evidence of one conversation the core gets. With a filter on ratings, a pair
 * implied by ratings goes only with both of its ratings (otherwise the core would report a filtered-out
 * rating as a stale comparison), and a correction only with its answer's rating.
 */
function evidence(filters: ExportFilters, feedback: FeedbackRow[], comparisons: ComparisonRow[]) {
  const rated = new Set(feedback.map((row) => row.messageId));
  const kept = hasRatingFilter(filters)
    ? comparisons.filter(
        (row) => row.source !== "ratings" || (rated.has(row.answerAId) && rated.has(row.answerBId)),
      )
    : comparisons;
  const matching = kept.length > 0 || feedback.some((row) => row.matches);
  return { rated, comparisons: kept, matching };
}

async function loadBatch(
  filters: ExportFilters,
  options: SourceOptions,
  key: Buffer,
  after: string | null,
  take: number,
): Promise<SourceBatch & { last: string | null; done: boolean }> {
  options.signal?.throwIfAborted();
  const conversations = await nextConversations(filters, after, take);
  const last = conversations.at(-1)?.id ?? null;
  const done = conversations.length < take;
  if (conversations.length === 0 || options.signal?.aborted) {
    return { snapshots: [], scanned: conversations.length, last, done };
  }
  const [feedbackRows, comparisonRows] = await Promise.all([
    query<FeedbackRow>(feedbackStatement(conversations, filters)),
    query<ComparisonRow>(comparisonStatement(conversations, filters)),
  ]);
  const feedbackBy = groupBy(feedbackRows);
  const comparisonsBy = groupBy(comparisonRows);
  const chosen = conversations.flatMap((conversation) => {
    const found = evidence(
      filters,
      feedbackBy.get(conversation.id) ?? [],
      comparisonsBy.get(conversation.id) ?? [],
    );
    return found.matching ? [{ conversation, ...found }] : [];
  });
  if (chosen.length === 0 || options.signal?.aborted) {
    return { snapshots: [], scanned: conversations.length, last, done };
  }

  const ids = chosen.map(({ conversation }) => conversation.id);
  const [messageRows, correctionRows] = await Promise.all([
    query<MessageRow>(messageStatement(ids, options.production)),
    query<CorrectionRow>(correctionStatement(ids)),
  ]);
  const messagesBy = groupBy(messageRows);
  const correctionsBy = groupBy(correctionRows);
  const snapshots = chosen.map(({ conversation, rated, comparisons }): ConversationSnapshot => {
    const { id, userId, systemPrompt } = conversation;
    return {
      conversationId: id,
      userKey: pseudonymousUserId(userId, key),
      systemPrompt,
      messages: messagesBy.get(id) ?? [],
      feedback: feedbackBy.get(id) ?? [],
      corrections: (correctionsBy.get(id) ?? []).filter((row) => rated.has(row.messageId)),
      comparisons,
    };
  });
  return { snapshots, scanned: conversations.length, last, done };
}

/**
 * The usable conversations with evidence matching `filters`, batch by batch, in id order. Stops
 * between statements once `options.signal` aborts, and when the caller stops iterating.
 */
export async function* conversationBatches(
  filters: ExportFilters,
  options: SourceOptions,
): AsyncGenerator<SourceBatch, void, undefined> {
  const key = pseudonymKey(options.secret);
  const take = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const signal = options.signal;
  // A batch read ahead is held as a settled outcome: if it fails while the caller is still busy with
  // the previous one, the error waits here instead of becoming an unhandled rejection.
  const read = (after: string | null) =>
    loadBatch(filters, options, key, after, take).then(
      (batch) => ({ batch }),
      (error: unknown) => ({ error }),
    );
  let pending: ReturnType<typeof read> | null = read(null);
  try {
    while (pending) {
      const outcome = await pending;
      pending = null;
      if ("error" in outcome) throw outcome.error;
      const { batch } = outcome;
      signal?.throwIfAborted();
      // Read ahead: the database works on the next batch while the caller writes this one.
      if (!batch.done && batch.last !== null) pending = read(batch.last);
      yield { snapshots: batch.snapshots, scanned: batch.scanned };
      signal?.throwIfAborted();
    }
  } finally {
    // A batch still being read when the caller stops: let its statements finish, so that their
    // connections go back to the pool before the caller goes on; its result is dropped.
    if (pending) await pending;
  }
}
