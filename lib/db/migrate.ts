// Applies prisma/migrations/<timestamp>_<name>/migration.sql without Prisma's native schema engine
// (it cannot be downloaded offline). The bookkeeping is Prisma's own `_prisma_migrations` table, same
// definition, checksums and advisory lock, so `prisma migrate deploy` can take over the same database.
// Used by the CLI scripts and the tests, never by the app at request time: no "server-only".
// The parts live in ./migrations/: reading the folder, the history checks, applying one migration.
import { acquireMigrationLock } from "./migrations/advisory-lock";
import { applyMigration } from "./migrations/apply-migration";
import { connect } from "./migrations/connect";
import { checkHistory, CREATE_MIGRATIONS_TABLE, readHistory } from "./migrations/migration-history";
import { readMigrations } from "./migrations/read-migrations";

export { DatabaseUnreachableError } from "./migrations/connect";

export interface MigrateOptions {
  /** Receives one line per applied migration. */
  log?: (line: string) => void;
  /** Defaults to prisma/migrations under the current directory (the project root). */
  migrationsDir?: string;
}

/** Applies every migration the database lacks, oldest first, each in its own transaction. */
export async function migrate(
  databaseUrl: string,
  opts: MigrateOptions = {},
): Promise<{ applied: string[] }> {
  const migrations = await readMigrations(opts.migrationsDir);
  const client = await connect(databaseUrl);
  try {
    await acquireMigrationLock(client);
    await client.query(CREATE_MIGRATIONS_TABLE);
    const pending = checkHistory(migrations, await readHistory(client));
    const applied: string[] = [];
    for (const migration of pending) {
      const started = Date.now();
      await applyMigration(client, migration);
      applied.push(migration.name);
      opts.log?.(`Applied ${migration.name} (${Date.now() - started} ms)`);
    }
    return { applied };
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Names of the migrations `migrate()` would apply. Throws, like migrate(), when the history is broken.
 * Takes no lock: a migration another runner is applying right now may be reported as failed.
 */
export async function pendingMigrations(
  databaseUrl: string,
  opts: Pick<MigrateOptions, "migrationsDir"> = {},
): Promise<string[]> {
  const migrations = await readMigrations(opts.migrationsDir);
  const client = await connect(databaseUrl);
  try {
    return checkHistory(migrations, await readHistory(client)).map((migration) => migration.name);
  } finally {
    await client.end().catch(() => {});
  }
}
