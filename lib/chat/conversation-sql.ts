import "server-only";
import { namedStatement } from "../db/named-statement";

// Hand-written statements on conversations (lib/chat/conversations.ts, lib/chat/stream-turn.ts):
// those Prisma's query API cannot say (full-text search), or would say with an extra write (updatedAt).

/**
 * The caller's conversations of one source whose title contains the pattern or whose messages match
 * the full-text query, newest first. Times are read back as timestamptz so `pg` gives the right instant.
 * $1 user, $2 ILIKE pattern, $3 tsquery, $4 source.
 */
export const SEARCH_CONVERSATIONS = namedStatement(
  "chat.search-conversations",
  `SELECT c."id", c."title", c."updatedAt" AT TIME ZONE 'UTC' AS "updatedAt", c."temporary",
          c."source"::text AS "source"
   FROM "Conversation" c
   WHERE c."userId" = $1::uuid AND c."source" = $4::"ConversationSource"
     AND c."deletedAt" IS NULL AND c."temporary" = false
     AND (c."title" ILIKE $2
          OR EXISTS (SELECT 1 FROM "Message" m
                     WHERE m."conversationId" = c."id" AND m."searchVector" @@ to_tsquery('simple', $3)))
   ORDER BY c."updatedAt" DESC, c."id" DESC
   LIMIT 30`,
);

/**
 * Remembers the shown branch. Not a content change, so updatedAt (the sidebar's order) stays.
 * $1 conversation id, $2 user, $3 leaf id.
 */
export const SET_CURRENT_LEAF = namedStatement(
  "chat.set-current-leaf",
  `UPDATE "Conversation" SET "currentLeafId" = $3::uuid WHERE "id" = $1::uuid AND "userId" = $2::uuid`,
);

/** The model of the next turn; updatedAt stays. $1 conversation id, $2 user, $3 model id. */
export const SET_CONVERSATION_MODEL = namedStatement(
  "chat.set-conversation-model",
  `UPDATE "Conversation" SET "modelId" = $3 WHERE "id" = $1::uuid AND "userId" = $2::uuid`,
);

/** The title the model proposed for a new conversation. $1 conversation id, $2 user, $3 title. */
export const SET_GENERATED_TITLE = namedStatement(
  "chat.set-generated-title",
  `UPDATE "Conversation" SET "title" = $3 WHERE "id" = $1::uuid AND "userId" = $2::uuid`,
);

/**
 * Which sources other than the chat the caller has visible conversations of: the sidebar offers a
 * filter only for those. Evaluation replays (lib/evaluation) are never a chat's: no filter. One index probe per source, whatever the history's size. $1 user.
 */
export const OTHER_CONVERSATION_SOURCES = namedStatement(
  "chat.other-conversation-sources",
  `SELECT s."source"::text AS "source"
   FROM unnest(enum_range(NULL::"ConversationSource")) AS s("source")
   WHERE s."source" NOT IN ('chat', 'evaluation')
     AND EXISTS (SELECT 1 FROM "Conversation" c
                 WHERE c."userId" = $1::uuid AND c."source" = s."source"
                   AND c."deletedAt" IS NULL AND c."temporary" = false)
   ORDER BY s."source"`,
);
