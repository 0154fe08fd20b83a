import "server-only";
import { checkedStatement } from "../db/checked-statement";
import { Prisma } from "../db/generated/client";

// Hand-written statement of the admin feedback detail (feedback-detail.ts): Prisma cannot walk a tree.

/**
 * The branch from the conversation's first message down to `messageId` (a parentId walk), root first:
 * "id", "role", "text", "modelId", "createdAt", "status", "depth".
 */
export const branchPathSql = checkedStatement(
  "admin.feedback-detail.branch-path",
  (messageId: string) => Prisma.sql`
      WITH RECURSIVE branch AS (
        SELECT "id", "parentId", 0 AS depth FROM "Message" WHERE "id" = ${messageId}::uuid
        UNION ALL
        SELECT m."id", m."parentId", b.depth + 1 FROM "Message" m JOIN branch b ON m."id" = b."parentId"
      )
      SELECT m."id", m."role"::text AS "role", m."text", m."modelId", m."createdAt", m."status"::text AS "status",
             b.depth
      FROM branch b JOIN "Message" m ON m."id" = b."id"
      ORDER BY b.depth DESC`,
  "00000000-0000-0000-0000-000000000000",
);
