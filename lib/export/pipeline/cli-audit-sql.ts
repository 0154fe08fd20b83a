import "server-only";
import { namedStatement } from "../../db/named-statement";

// Hand-written statement of the export CLI's audit (record-cli-export-audit.ts), on the pool with `pg`
// alone: the CLI does not load the Prisma client.

/**
 * One audit entry, written as the app's Prisma write writes it: the id from the column default, the
 * time in UTC as `@default(now())` gives it. $1 actor email, $2 action, $3 target type, $4 target id,
 * $5 details (JSON text).
 */
export const INSERT_CLI_AUDIT = namedStatement(
  "export.cli-audit",
  `INSERT INTO "AuditLog" ("actorId", "actorEmail", "action", "targetType", "targetId", "details", "createdAt")
     VALUES (NULL, $1, $2, $3, $4, $5::jsonb, now() AT TIME ZONE 'UTC')`,
);
