// Prisma's `_prisma_migrations` table: its definition, reading it, and judging whether it is safe to go on.
import type { ClientBase } from "pg";
import { firstLine } from "./error-text";
import type { Migration } from "./read-migrations";

// Prisma's definition, verbatim (schema-engine, PostgreSQL flavour); IF NOT EXISTS added.
export const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
)`;

export interface HistoryRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  started_at: Date;
  logs: string | null;
}

export async function readHistory(client: Pick<ClientBase, "query">): Promise<HistoryRow[]> {
  const exists = await client.query<{ table: string | null }>(
    `SELECT to_regclass('_prisma_migrations')::text AS "table"`,
  );
  if (!exists.rows[0]?.table) return [];
  const result = await client.query<HistoryRow>(
    `SELECT migration_name, checksum, finished_at, rolled_back_at, started_at, logs
       FROM _prisma_migrations ORDER BY started_at, migration_name`,
  );
  return result.rows;
}

/** Refuses a history that migrating would make worse; returns the migrations still to apply. */
export function checkHistory(migrations: Migration[], history: HistoryRow[]): Migration[] {
  const failed = history.find((row) => row.finished_at === null && row.rolled_back_at === null);
  if (failed) {
    const logs = firstLine(failed.logs ?? "") || "no log";
    throw new Error(
      `Migration ${failed.migration_name} failed on ${failed.started_at.toISOString()} (${logs}) and may be half-applied: ` +
        `repair the database by hand, then mark it rolled back with ` +
        `UPDATE _prisma_migrations SET rolled_back_at = now() WHERE migration_name = '${failed.migration_name}' AND finished_at IS NULL ` +
        `(or: prisma migrate resolve --rolled-back ${failed.migration_name}), and migrate again.`,
    );
  }

  const byName = new Map(migrations.map((migration) => [migration.name, migration]));
  const applied = history.filter((row) => row.finished_at !== null && row.rolled_back_at === null);
  const unknown = applied.filter((row) => !byName.has(row.migration_name)).map((row) => row.migration_name);
  if (unknown.length > 0) {
    throw new Error(
      `The database has migrations that are not in prisma/migrations: ${unknown.join(", ")}. ` +
        `It was migrated by newer code; run the matching version of Flywheel (or restore those folders).`,
    );
  }
  for (const row of applied) {
    const migration = byName.get(row.migration_name);
    if (migration && row.checksum !== migration.checksum && row.checksum !== migration.checksumLf) {
      throw new Error(
        `Migration ${row.migration_name} was changed after it was applied to this database (its checksum differs): ` +
          `restore its migration.sql and put the change in a new migration (npm run db:migration -- <name>).`,
      );
    }
  }
  const appliedNames = new Set(applied.map((row) => row.migration_name));
  return migrations.filter((migration) => !appliedNames.has(migration.name));
}
