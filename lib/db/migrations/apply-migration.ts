import { randomUUID } from "node:crypto";
import pg from "pg";
import { errorText, firstLine } from "./error-text";
import type { Migration } from "./read-migrations";
import { statementWords } from "./statement-words";

/** Runs one migration and writes its `_prisma_migrations` row the way Prisma does. */
export async function applyMigration(client: pg.Client, migration: Migration): Promise<void> {
  if (managesItsOwnTransactions(migration.sql)) return applyOutsideTransaction(client, migration);

  // The script and its bookkeeping row commit together or not at all.
  const id = randomUUID();
  await client.query("BEGIN");
  try {
    await client.query(migration.sql);
    await client.query(
      `INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, started_at, applied_steps_count)
       VALUES ($1, $2, clock_timestamp(), $3, now(), 1)`,
      [id, migration.checksum, migration.name],
    );
    await client.query("COMMIT");
  } catch (error) {
    const message = failureText(error, migration.sql);
    await client.query("ROLLBACK").catch(() => {});
    // Nothing of it remains, so record the attempt as rolled back: an audit trail that neither we nor
    // `prisma migrate deploy` treat as blocking. The fixed migration is simply applied next time.
    await client
      .query(
        `INSERT INTO _prisma_migrations (id, checksum, migration_name, logs, rolled_back_at, applied_steps_count)
         VALUES ($1, $2, $3, $4, now(), 0)`,
        [id, migration.checksum, migration.name, message],
      )
      .catch(() => {});
    throw new Error(`Migration ${migration.name} failed and was rolled back: ${message}`);
  }
}

// Run it the way Prisma does: one simple-query script, bookkeeping around it. If it fails we cannot
// know what it committed, so the row stays "failed" and later runs refuse until resolved.
async function applyOutsideTransaction(client: pg.Client, migration: Migration): Promise<void> {
  const id = randomUUID();
  await client.query(
    `INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at) VALUES ($1, $2, $3, now())`,
    [id, migration.checksum, migration.name],
  );
  try {
    await client.query(migration.sql);
  } catch (error) {
    const message = failureText(error, migration.sql);
    await client
      .query(`UPDATE _prisma_migrations SET logs = $2 WHERE id = $1`, [id, message])
      .catch(() => {});
    throw new Error(
      `Migration ${migration.name} failed: ${message}. It commits on its own (BEGIN/COMMIT, CONCURRENTLY or VACUUM), ` +
        `so part of it may be applied: repair the database by hand, then mark it rolled back (docs/migrations.md).`,
    );
  }
  await client.query(
    `UPDATE _prisma_migrations SET finished_at = now(), applied_steps_count = 1 WHERE id = $1`,
    [id],
  );
}

// Statements that must not run inside our BEGIN…COMMIT: the script's own transaction control (Prisma
// writes BEGIN/COMMIT around enum changes) and commands PostgreSQL refuses in a transaction block.
function managesItsOwnTransactions(sql: string): boolean {
  const control = new Set(["BEGIN", "START", "COMMIT", "END", "ROLLBACK", "ABORT", "VACUUM"]);
  return statementWords(sql).some((words) => control.has(words[0] ?? "") || words.includes("CONCURRENTLY"));
}

/** The driver's first message line, with the migration.sql line the error position points at. */
function failureText(error: unknown, sql: string): string {
  const message = firstLine(errorText(error));
  const position = error instanceof pg.DatabaseError ? Number(error.position) : NaN;
  if (!Number.isInteger(position) || position < 1) return message;
  const line = sql.slice(0, position - 1).split("\n").length;
  return `${message} (migration.sql line ${line})`;
}
