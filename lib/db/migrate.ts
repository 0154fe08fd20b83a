// Applies prisma/migrations/<timestamp>_<name>/migration.sql without Prisma's native schema engine
// (it cannot be downloaded offline). The bookkeeping is Prisma's own `_prisma_migrations` table, same
// definition, checksums and advisory lock, so `prisma migrate deploy` can take over the same database.
// Used by the CLI scripts and the tests, never by the app at request time: no "server-only".
import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";

export interface MigrateOptions {
  /** Receives one line per applied migration. */
  log?: (line: string) => void;
  /** Defaults to prisma/migrations under the current directory (the project root). */
  migrationsDir?: string;
}

/** Connecting failed. `target` is host:port (never the credentials); `code` is the driver's (ECONNREFUSED, 28P01…). */
export class DatabaseUnreachableError extends Error {
  readonly code: string | undefined;

  constructor(
    readonly target: string,
    readonly reason: string,
    cause?: unknown,
  ) {
    super(`Cannot reach the database at ${target}: ${reason}`, { cause });
    this.name = "DatabaseUnreachableError";
    this.code = errorCode(cause);
  }
}

/** Applies every migration the database lacks, oldest first, each in its own transaction. */
export async function migrate(
  databaseUrl: string,
  opts: MigrateOptions = {},
): Promise<{ applied: string[] }> {
  const migrations = await readMigrations(opts.migrationsDir);
  const client = await connect(databaseUrl);
  try {
    await acquireLock(client);
    await client.query(CREATE_MIGRATIONS_TABLE);
    const pending = checkHistory(migrations, await readHistory(client));
    const applied: string[] = [];
    for (const migration of pending) {
      const started = Date.now();
      await apply(client, migration);
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

// Prisma's definition, verbatim (schema-engine, PostgreSQL flavour); IF NOT EXISTS added.
const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
)`;

// The key `prisma migrate deploy` locks: our runner and Prisma's exclude each other too.
const ADVISORY_LOCK_KEY = 72707369;
const LOCK_TIMEOUT_MS = 60_000;

interface Migration {
  name: string;
  sql: string;
  checksum: string;
  /** Prisma also accepts the checksum of the file with CRLF line ends turned into LF. */
  checksumLf: string;
}

interface HistoryRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  started_at: Date;
  logs: string | null;
}

async function readMigrations(
  migrationsDir = path.resolve(process.cwd(), "prisma/migrations"),
): Promise<Migration[]> {
  const entries = await readdir(migrationsDir, { withFileTypes: true }).catch((error: unknown) => {
    throw new Error(`Cannot read the migrations folder ${migrationsDir}: ${errorText(error)}`);
  });
  const names = entries
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith("."))
    .map((entry) => entry.name)
    .sort(); // Prisma's order: the timestamp prefix makes it chronological
  return Promise.all(
    names.map(async (name) => {
      const file = path.join(migrationsDir, name, "migration.sql");
      const bytes = await readFile(file).catch(() => {
        throw new Error(`Migration folder ${name} has no readable migration.sql (${file}).`);
      });
      const sql = bytes.toString("utf8");
      return {
        name,
        sql,
        checksum: sha256(bytes),
        checksumLf: sha256(Buffer.from(sql.replaceAll("\r\n", "\n"))),
      };
    }),
  );
}

function sha256(bytes: Buffer): string {
  return createHash("sha256").update(bytes).digest("hex");
}

async function readHistory(client: pg.Client): Promise<HistoryRow[]> {
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
function checkHistory(migrations: Migration[], history: HistoryRow[]): Migration[] {
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

async function apply(client: pg.Client, migration: Migration): Promise<void> {
  const id = randomUUID();
  if (managesItsOwnTransactions(migration.sql)) {
    // Run it the way Prisma does: one simple-query script, bookkeeping around it. If it fails we
    // cannot know what it committed, so the row stays "failed" and later runs refuse until resolved.
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
    return;
  }

  // The script and its bookkeeping row commit together or not at all.
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

async function connect(databaseUrl: string): Promise<pg.Client> {
  const target = describeTarget(databaseUrl);
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 10_000 });
  // A dropped connection is reported by the pending query; without a listener it would crash the process.
  client.on("error", () => {});
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => {});
    throw new DatabaseUnreachableError(target, connectionFailure(error), error);
  }
  return client;
}

function describeTarget(databaseUrl: string): string {
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch {
    throw new DatabaseUnreachableError(
      "an invalid URL",
      "expected postgresql://user:password@host:port/database",
    );
  }
  if (url.protocol !== "postgresql:" && url.protocol !== "postgres:") {
    throw new DatabaseUnreachableError(
      `a ${url.protocol}// URL`,
      "expected postgresql://user:password@host:port/database",
    );
  }
  return `${url.hostname || "localhost"}:${url.port || "5432"}`;
}

function connectionFailure(error: unknown): string {
  const code = errorCode(error) ?? "";
  const known: Record<string, string> = {
    ECONNREFUSED: "connection refused",
    ENOTFOUND: "unknown host",
    EAI_AGAIN: "unknown host",
    ETIMEDOUT: "timed out",
    ECONNRESET: "connection reset",
  };
  if (known[code]) return known[code];
  const message = errorText(error);
  return /timeout/i.test(message) ? "timed out" : message;
}

async function acquireLock(client: pg.Client): Promise<void> {
  const deadline = Date.now() + LOCK_TIMEOUT_MS;
  for (;;) {
    const result = await client.query<{ locked: boolean }>(`SELECT pg_try_advisory_lock($1) AS locked`, [
      ADVISORY_LOCK_KEY,
    ]);
    if (result.rows[0]?.locked) return; // released when the connection closes
    if (Date.now() > deadline) {
      throw new Error(
        `Another migration run has held the migration lock (advisory lock ${ADVISORY_LOCK_KEY}) for over ${LOCK_TIMEOUT_MS / 1000} s; try again when it is done.`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

// Statements that must not run inside our BEGIN…COMMIT: the script's own transaction control (Prisma
// writes BEGIN/COMMIT around enum changes) and commands PostgreSQL refuses in a transaction block.
function managesItsOwnTransactions(sql: string): boolean {
  const control = new Set(["BEGIN", "START", "COMMIT", "END", "ROLLBACK", "ABORT", "VACUUM"]);
  return statementWords(sql).some((words) => control.has(words[0] ?? "") || words.includes("CONCURRENTLY"));
}

/** The words of each top-level statement, upper-cased, ignoring comments, strings and $$ bodies. */
function statementWords(sql: string): string[][] {
  const statements: string[][] = [[]];
  let i = 0;
  while (i < sql.length) {
    const rest = sql.slice(i, i + 2);
    const char = sql[i] ?? "";
    if (rest === "--") {
      const end = sql.indexOf("\n", i);
      i = end === -1 ? sql.length : end + 1;
    } else if (rest === "/*") {
      let depth = 0;
      do {
        if (sql.startsWith("/*", i)) {
          depth++;
          i += 2;
        } else if (sql.startsWith("*/", i)) {
          depth--;
          i += 2;
        } else {
          i++;
        }
      } while (depth > 0 && i < sql.length);
    } else if (char === "'" || char === '"') {
      const backslashes = char === "'" && /(^|[^\w$])[eE]$/.test(sql.slice(Math.max(0, i - 2), i));
      i++;
      while (i < sql.length) {
        if (backslashes && sql[i] === "\\") i += 2;
        else if (sql[i] === char && sql[i + 1] === char) i += 2;
        else if (sql[i] === char) break;
        else i++;
      }
      i++;
    } else if (char === "$" && /^\$([A-Za-z_]\w*)?\$/.test(sql.slice(i))) {
      const tag = /^\$([A-Za-z_]\w*)?\$/.exec(sql.slice(i))?.[0] ?? "$$";
      const end = sql.indexOf(tag, i + tag.length);
      i = end === -1 ? sql.length : end + tag.length;
    } else if (char === ";") {
      statements.push([]);
      i++;
    } else if (/[A-Za-z_]/.test(char)) {
      const word = /^[A-Za-z_]\w*/.exec(sql.slice(i))?.[0] ?? char;
      statements.at(-1)?.push(word.toUpperCase());
      i += word.length;
    } else {
      i++;
    }
  }
  return statements.filter((words) => words.length > 0);
}

function failureText(error: unknown, sql: string): string {
  const message = firstLine(errorText(error));
  const position = error instanceof pg.DatabaseError ? Number(error.position) : NaN;
  if (!Number.isInteger(position) || position < 1) return message;
  const line = sql.slice(0, position - 1).split("\n").length;
  return `${message} (migration.sql line ${line})`;
}

function errorCode(error: unknown): string | undefined {
  return error instanceof Error && "code" in error && typeof error.code === "string" ? error.code : undefined;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function firstLine(text: string): string {
  return text.trim().split("\n")[0] ?? "";
}
