import { db } from "@/lib/db/client";

/**
 * Empties every table except the migrations bookkeeping, so a test starts from a known state (the
 * state a fresh migration leaves).
 */
export async function resetDatabase(): Promise<void> {
  const tables = await db().$queryRaw<{ tablename: string }[]>`
    SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename <> '_prisma_migrations'`;
  if (tables.length === 0) return;
  const list = tables.map((t) => `"${t.tablename}"`).join(", ");
  await db().$executeRawUnsafe(`TRUNCATE ${list} CASCADE`);
  // The registry's single row is made by its migration and expected by every registry change.
  await db().$executeRawUnsafe(`INSERT INTO "RegistryState" ("id", "version") VALUES (1, 0)`);
}
