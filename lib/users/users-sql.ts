import "server-only";
import { checkedStatement } from "../db/checked-statement";
import { Prisma } from "../db/generated/client";

/**
 * Serialises account creation just long enough to decide "is this the first account?" without a race
 * (held until the transaction ends). Other advisory lock keys in use: lib/admin/admin-locks-sql.ts.
 */
export const lockFirstUserSql = checkedStatement(
  "users.lock-first-user",
  () => Prisma.sql`SELECT pg_advisory_xact_lock(7041981)`,
);
