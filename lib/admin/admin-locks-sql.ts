import "server-only";
import { checkedStatement } from "../db/checked-statement";
import { Prisma } from "../db/generated/client";

// The advisory locks of the admin's writes, each held until its transaction ends. Other keys in use:
// 7041981 (the first account, lib/users/users-sql.ts), 7405310001 (the overview's rollup,
// lib/admin/overview/overview-sql.ts), and "comparisons:<user>" hashed (lib/feedback/feedback-sql.ts).

/** One admin change at a time that could leave the instance without an active admin (users.ts). */
export const lockActiveAdminsSql = checkedStatement(
  "admin.lock-active-admins",
  () => Prisma.sql`SELECT pg_advisory_xact_lock(7041982)`,
);

/** One correction save at a time per answer (triage.ts). */
export const lockCorrectionsSql = checkedStatement(
  "admin.lock-corrections",
  (messageId: string) =>
    Prisma.sql`SELECT pg_advisory_xact_lock(hashtextextended(${`correction:${messageId}`}, 0))`,
  "00000000-0000-0000-0000-000000000000",
);
