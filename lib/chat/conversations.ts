import "server-only";
import { db, pool } from "../db/client";
import { notFound } from "../errors/app-error";
import { requireUser, type Actor } from "../auth/actor";
import { parseInput } from "../errors/parse-input";
import {
  deleteAllConversationsInput,
  deleteConversationInput,
  listConversationsInput,
  renameConversationInput,
  searchConversationsInput,
  selectBranchInput,
  setConversationModelInput,
  updateSystemPromptInput,
} from "./schemas";
import { messageColumns, toChatMessage } from "./serialize";
import type { ConversationDetail, ConversationSource, ConversationSummary } from "./types";
import { resolveModel } from "../models/registry";
import {
  flagDatasetsOfConversationSql,
  flagDatasetsOfPurgedSql,
  flagDatasetsOfUserSql,
} from "../datasets/flags-sql";
import { blindArena, pendingArena } from "./arena/arena-view";
import {
  OTHER_CONVERSATION_SOURCES,
  SEARCH_CONVERSATIONS,
  SET_CONVERSATION_MODEL,
  SET_CURRENT_LEAF,
} from "./conversation-sql";

const summaryColumns = { id: true, title: true, updatedAt: true, temporary: true, source: true } as const;

type SummaryRow = {
  id: string;
  title: string;
  updatedAt: Date;
  temporary: boolean;
  source: ConversationSource;
};
/** A held-out replay of an evaluation (lib/evaluation): stored as a conversation, never a chat. */
type EvaluationRow = Omit<SummaryRow, "source"> & { source: "evaluation" };

function toSummary(row: SummaryRow | EvaluationRow): ConversationSummary {
  // ownConversation refuses evaluation replays; a row of one here is a bug, answered as not found.
  if (row.source === "evaluation") throw notFound("Conversation not found.");
  return { ...row, source: row.source, updatedAt: row.updatedAt.toISOString() };
}

/** The caller's own, visible conversation or "not found" — also for someone else's or a deleted one. */
export async function ownConversation(userId: string, conversationId: string) {
  const conversation = await db().conversation.findFirst({
    where: { id: conversationId, userId, deletedAt: null, source: { not: "evaluation" } },
  });
  if (!conversation) throw notFound("Conversation not found.");
  return conversation;
}

/**
 * History of one source (the chat's own by default; API calls and playground runs under their
 * filters), newest first, one keyset page at a time (no OFFSET: page 200 is as fast as page 1).
 */
export async function listConversations(
  actor: Actor,
  raw: unknown = {},
): Promise<{ items: ConversationSummary[]; nextCursor: { updatedAt: string; id: string } | null }> {
  const user = await requireUser(actor);
  const { source, cursor, limit } = parseInput(listConversationsInput, raw);
  const rows = await db().conversation.findMany({
    where: {
      userId: user.id,
      source,
      deletedAt: null,
      temporary: false,
      ...(cursor
        ? {
            OR: [
              { updatedAt: { lt: new Date(cursor.updatedAt) } },
              { updatedAt: new Date(cursor.updatedAt), id: { lt: cursor.id } },
            ],
          }
        : {}),
    },
    orderBy: [{ updatedAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    select: summaryColumns,
  });
  const items = rows.slice(0, limit).map(toSummary);
  const last = items[items.length - 1];
  return {
    items,
    nextCursor: rows.length > limit && last ? { updatedAt: last.updatedAt, id: last.id } : null,
  };
}

/**
 * Searches the caller's history of one source (the sidebar's filter: searching the chats finds
 * chats, searching API calls finds API calls) by title and by message text (PostgreSQL full-text
 * search on an indexed tsvector, prefix-matching the last word as the user types).
 */
export async function searchConversations(actor: Actor, raw: unknown): Promise<ConversationSummary[]> {
  const user = await requireUser(actor);
  const { query, source } = parseInput(searchConversationsInput, raw);
  const words = query.match(/[\p{L}\p{N}_]+/gu)?.slice(0, 8) ?? [];
  if (words.length === 0) return [];
  const tsquery = words.map((w, i) => (i === words.length - 1 ? `${w}:*` : w)).join(" & ");
  const pattern = `%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const { rows } = await pool().query<SummaryRow>({
    ...SEARCH_CONVERSATIONS,
    values: [user.id, pattern, tsquery, source],
  });
  return rows.map(toSummary);
}

/**
 * The sources besides the chat that the caller has visible conversations of, e.g. ["api"]: the
 * sidebar shows its filter only to those who have something to filter.
 */
export async function otherConversationSources(actor: Actor): Promise<ConversationSource[]> {
  const user = await requireUser(actor);
  const { rows } = await pool().query<{ source: ConversationSource }>({
    ...OTHER_CONVERSATION_SOURCES,
    values: [user.id],
  });
  return rows.map((row) => row.source);
}

/** A conversation with its whole message tree (every branch), for the chat view. */
export async function getConversation(actor: Actor, conversationId: string): Promise<ConversationDetail> {
  const user = await requireUser(actor);
  const id = parseInput(deleteConversationInput, { conversationId }).conversationId;
  const conversation = await ownConversation(user.id, id);
  const [messages, feedback, arena] = await Promise.all([
    db().message.findMany({
      where: { conversationId: id, role: { in: ["user", "assistant"] } },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: messageColumns,
    }),
    db().feedback.findMany({
      where: { conversationId: id, userId: user.id },
      select: { messageId: true, rating: true, reasons: true, comment: true },
    }),
    pendingArena(user.id, id),
  ]);
  const ratings = new Map(feedback.map(({ messageId, ...rest }) => [messageId, rest]));
  return blindArena(
    {
      ...toSummary(conversation),
      modelId: conversation.modelId,
      systemPrompt: conversation.systemPrompt,
      currentLeafId: conversation.currentLeafId,
      messages: messages.map((row) => ({ ...toChatMessage(row), feedback: ratings.get(row.id) ?? null })),
    },
    arena,
  );
}

export async function renameConversation(actor: Actor, raw: unknown): Promise<ConversationSummary> {
  const user = await requireUser(actor);
  const { conversationId, title } = parseInput(renameConversationInput, raw);
  await ownConversation(user.id, conversationId);
  const row = await db().conversation.update({
    where: { id: conversationId, userId: user.id },
    data: { title: title.replace(/\s+/g, " ") },
    select: summaryColumns,
  });
  return toSummary(row);
}

/**
 * Hides the conversation at once and deletes its feedback, comparisons and interaction events; the
 * conversation itself can be restored for a few minutes (the sidebar's undo), then the purge deletes
 * it for good with its messages (cascades).
 */
export async function deleteConversation(actor: Actor, raw: unknown): Promise<void> {
  const user = await requireUser(actor);
  const { conversationId } = parseInput(deleteConversationInput, raw);
  await ownConversation(user.id, conversationId);
  // The ratings, preferences, corrections and signals go at once, not after the undo window: deleting a
  // conversation must take it out of every dataset immediately. Undo brings back the conversation only.
  await db().$transaction([
    db().feedback.deleteMany({ where: { conversationId, userId: user.id } }),
    db().comparison.deleteMany({ where: { conversationId, userId: user.id } }),
    db().interactionEvent.deleteMany({ where: { conversationId, userId: user.id } }),
    // Admins' corrected answers are built on this conversation: they go with it.
    db().correction.deleteMany({ where: { conversationId } }),
    db().conversation.update({
      where: { id: conversationId, userId: user.id },
      data: { deletedAt: new Date() },
    }),
    // A saved dataset holding it is flagged now (docs/fine-tuning.md, "Datasets"); undo does not unflag.
    db().$executeRaw(flagDatasetsOfConversationSql(conversationId, "conversation_deleted")),
  ]);
}

export const UNDO_WINDOW_MS = 10 * 60_000;

export async function restoreConversation(actor: Actor, raw: unknown): Promise<ConversationSummary> {
  const user = await requireUser(actor);
  const { conversationId } = parseInput(deleteConversationInput, raw);
  const restored = await db().conversation.updateManyAndReturn({
    where: {
      id: conversationId,
      userId: user.id,
      deletedAt: { not: null, gt: new Date(Date.now() - UNDO_WINDOW_MS) },
    },
    data: { deletedAt: null },
    select: summaryColumns,
  });
  const row = restored[0];
  if (!row) throw notFound("Conversation not found.");
  return toSummary(row);
}

/** Remembers which branch is shown, so the conversation reopens on it. */
export async function selectBranch(actor: Actor, raw: unknown): Promise<void> {
  const user = await requireUser(actor);
  const { conversationId, leafId } = parseInput(selectBranchInput, raw);
  await ownConversation(user.id, conversationId);
  const leaf = await db().message.findFirst({ where: { id: leafId, conversationId }, select: { id: true } });
  if (!leaf) throw notFound("Message not found.");
  // Not a content change: keep updatedAt (and so the sidebar order) as it is.
  await pool().query({ ...SET_CURRENT_LEAF, values: [conversationId, user.id, leafId] });
}

export async function setConversationModel(actor: Actor, raw: unknown): Promise<{ modelId: string }> {
  const user = await requireUser(actor);
  const { conversationId, modelId } = parseInput(setConversationModelInput, raw);
  const { info } = await resolveModel(modelId, user.role);
  await ownConversation(user.id, conversationId);
  await pool().query({ ...SET_CONVERSATION_MODEL, values: [conversationId, user.id, info.id] });
  return { modelId: info.id };
}

export async function updateSystemPrompt(actor: Actor, raw: unknown): Promise<{ systemPrompt: string }> {
  const user = await requireUser(actor);
  const { conversationId, systemPrompt } = parseInput(updateSystemPromptInput, raw);
  await ownConversation(user.id, conversationId);
  await db().conversation.update({ where: { id: conversationId, userId: user.id }, data: { systemPrompt } });
  return { systemPrompt };
}

/**
 * "Delete all conversations" in settings: every conversation of the caller goes at once and for good,
 * with its messages, feedback, comparisons and interaction events (cascades). No undo: the settings
 * page asks for confirmation first.
 */
export async function deleteAllConversations(actor: Actor, raw: unknown): Promise<{ deleted: number }> {
  const user = await requireUser(actor);
  parseInput(deleteAllConversationsInput, raw, "Confirm that every conversation should be deleted.");
  // Those in their undo window go too; the count is of the ones the user could still see.
  const [visible] = await db().$transaction([
    db().conversation.count({ where: { userId: user.id, deletedAt: null, temporary: false } }),
    db().conversation.deleteMany({ where: { userId: user.id } }),
    db().$executeRaw(flagDatasetsOfUserSql(user.id, "conversation_deleted")),
  ]);
  return { deleted: visible };
}

/**
 * Deletes for good what users deleted more than the undo window ago, and temporary chats a day after
 * their last message. Idempotent, so every instance may run it.
 */
export async function purgeConversations(now = Date.now()): Promise<number> {
  const cutoff = new Date(now - UNDO_WINDOW_MS);
  // Deleting flagged their datasets already; flagging again here costs nothing and covers older rows.
  const [, { count }] = await db().$transaction([
    db().$executeRaw(flagDatasetsOfPurgedSql(cutoff)),
    db().conversation.deleteMany({
      where: {
        OR: [
          { deletedAt: { lt: cutoff } },
          { temporary: true, updatedAt: { lt: new Date(now - 24 * 60 * 60_000) } },
        ],
      },
    }),
  ]);
  return count;
}
