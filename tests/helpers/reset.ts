import { db } from "@/lib/db/client";

/** Empties every table except the migrations bookkeeping, so a test starts from a known state. */
export async function resetDatabase(): Promise<void> {
  const tables = await db().$queryRaw<{ tablename: string }[]>`
    SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename <> '_prisma_migrations'`;
  if (tables.length === 0) return;
  const list = tables.map((t) => `"${t.tablename}"`).join(", ");
  await db().$executeRawUnsafe(`TRUNCATE ${list} CASCADE`);
}
