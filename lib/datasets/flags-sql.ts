import "server-only";
import { checkedStatement } from "../db/checked-statement";
import { Prisma } from "../db/generated/client";

// A saved dataset is immutable, but the people whose data it holds may take it back later. These
// statements set the sticky flag (Dataset.flaggedAt/flagReason, never cleared) that stops new training
// on it. The targeted ones run in the transaction that withdraws the data; the catch-all runs whenever
// datasets are read or trained on, so a path that forgot to flag (or a hard delete) is still caught.

export const FLAG_REASONS = {
  conversation_deleted: "A conversation it holds was deleted.",
  consent_withdrawn: "A user whose conversations it holds withdrew training consent.",
  user_deleted: "A user whose conversations it holds was deleted.",
} as const;
export type FlagReason = keyof typeof FLAG_REASONS;

/** Flags every unflagged dataset holding this conversation. */
export const flagDatasetsOfConversationSql = checkedStatement(
  "datasets.flag-conversation",
  (conversationId: string, reason: FlagReason) => Prisma.sql`
    UPDATE "Dataset" SET "flaggedAt" = now(), "flagReason" = ${FLAG_REASONS[reason]}
    WHERE "flaggedAt" IS NULL
      AND "id" IN (SELECT "datasetId" FROM "DatasetConversation" WHERE "conversationId" = ${conversationId}::uuid)`,
  "00000000-0000-0000-0000-000000000000",
  "conversation_deleted",
);

/** Flags every unflagged dataset holding a conversation of this user. */
export const flagDatasetsOfUserSql = checkedStatement(
  "datasets.flag-user",
  (userId: string, reason: FlagReason) => Prisma.sql`
    UPDATE "Dataset" SET "flaggedAt" = now(), "flagReason" = ${FLAG_REASONS[reason]}
    WHERE "flaggedAt" IS NULL
      AND "id" IN (SELECT "datasetId" FROM "DatasetConversation" WHERE "userId" = ${userId}::uuid)`,
  "00000000-0000-0000-0000-000000000000",
  "consent_withdrawn",
);

/**
 * The catch-all: flags every unflagged dataset holding a conversation that is gone or soft-deleted, or
 * whose user is gone or no longer consents. The reason names the first cause found, user causes first.
 */
export const refreshDatasetFlagsSql = checkedStatement(
  "datasets.refresh-flags",
  () => Prisma.sql`
    UPDATE "Dataset" AS d
    SET "flaggedAt" = now(),
        "flagReason" = CASE w."cause"
          WHEN 'user_deleted' THEN ${FLAG_REASONS.user_deleted}
          WHEN 'consent_withdrawn' THEN ${FLAG_REASONS.consent_withdrawn}
          ELSE ${FLAG_REASONS.conversation_deleted} END
    FROM (
      SELECT DISTINCT ON (dc."datasetId") dc."datasetId",
        CASE WHEN u."id" IS NULL THEN 'user_deleted'
             WHEN NOT u."trainingConsent" THEN 'consent_withdrawn'
             ELSE 'conversation_deleted' END AS "cause"
      FROM "DatasetConversation" dc
      JOIN "Dataset" open_set ON open_set."id" = dc."datasetId" AND open_set."flaggedAt" IS NULL
      LEFT JOIN "User" u ON u."id" = dc."userId"
      LEFT JOIN "Conversation" c ON c."id" = dc."conversationId"
      WHERE u."id" IS NULL OR NOT u."trainingConsent" OR c."id" IS NULL OR c."deletedAt" IS NOT NULL
      ORDER BY dc."datasetId", (u."id" IS NULL) DESC, (u."trainingConsent") ASC
    ) AS w
    WHERE d."id" = w."datasetId" AND d."flaggedAt" IS NULL`,
);

/** Records which conversations (and their users, read from the conversation) a dataset holds. */
export const insertDatasetConversationsSql = checkedStatement(
  "datasets.insert-conversations",
  (datasetId: string, conversationIds: string[], splits: string[]) => Prisma.sql`
    INSERT INTO "DatasetConversation" ("datasetId", "conversationId", "userId", "split")
    SELECT ${datasetId}::uuid, c."id", c."userId", x."split"
    FROM unnest(${conversationIds}::uuid[], ${splits}::text[]) AS x("id", "split")
    JOIN "Conversation" c ON c."id" = x."id"
    ON CONFLICT DO NOTHING`,
  "00000000-0000-0000-0000-000000000000",
  ["00000000-0000-0000-0000-000000000000"],
  ["train"],
);

/** Flags every unflagged dataset holding a conversation deleted before `cutoff` (the purge's). */
export const flagDatasetsOfPurgedSql = checkedStatement(
  "datasets.flag-purged",
  (cutoff: Date) => Prisma.sql`
    UPDATE "Dataset" SET "flaggedAt" = now(), "flagReason" = ${FLAG_REASONS.conversation_deleted}
    WHERE "flaggedAt" IS NULL
      AND "id" IN (
        SELECT dc."datasetId" FROM "DatasetConversation" dc
        JOIN "Conversation" c ON c."id" = dc."conversationId"
        WHERE c."deletedAt" < ${cutoff})`,
  new Date(0),
);
