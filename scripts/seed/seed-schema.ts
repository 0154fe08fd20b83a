// Database-level helpers of the seed: create the database, keep the marker row, and take the indexes and
// constraints of the bulk-loaded tables off while loading (building them once at the end is several
// times faster than maintaining them row by row, and without foreign keys no trigger fires per row).
import pg from "pg";

/** Tables the feedback seed fills; their indexes and constraints are dropped and rebuilt around the load. */
export const LOADED_TABLES = [
  "User",
  "Conversation",
  "Message",
  "Feedback",
  "Comparison",
  "InteractionEvent",
];

/** Not part of prisma/schema.prisma: bookkeeping of the seed only, created with raw SQL. */
export const MARKER_TABLE = "_flywheel_seed";
/** Scratch tables of one seed run (text pools, the conversation plan); dropped when it ends. */
export const SCRATCH_TABLES = ["_flywheel_seed_text", "_flywheel_seed_conv", "_flywheel_seed_unrated"];

export type Ddl = {
  table: string;
  name: string;
  kind: "index" | "constraint" | "foreign-key";
  /** Recreates the item in one statement. */
  sql: string;
  /**
   * Primary keys and unique constraints, in two steps: `build` makes the index (a SHARE lock, so other
   * indexes of the table are built at the same time), `attach` turns it into the constraint (a moment).
   */
  build?: string;
  attach?: string;
};

export type Marker = {
  status: "loading" | "done";
  options: Record<string, unknown>;
  ddl: Ddl[];
  summary: Record<string, unknown> | null;
};

export async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  client.on("error", () => {}); // a dropped connection is reported by the pending query
  await client.connect();
  return client;
}

/** Creates the database named in `url` when it does not exist (connecting to `postgres` on the same server). */
export async function ensureDatabase(url: string): Promise<boolean> {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ""));
  if (!name) throw new Error(`The seed URL names no database: ${redact(url)}`);
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const client = await connect(admin.toString());
  try {
    const exists = await client.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [name]);
    if (exists.rowCount) return false;
    try {
      await client.query(`CREATE DATABASE ${quoteIdent(name)}`);
    } catch (error) {
      if ((error as { code?: string }).code === "42P04") return false; // created concurrently
      throw error;
    }
    return true;
  } finally {
    await client.end();
  }
}

export async function dropDatabase(url: string): Promise<void> {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ""));
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const client = await connect(admin.toString());
  try {
    await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

export async function hasMarkerTable(client: pg.Client): Promise<boolean> {
  const { rows } = await client.query<{ t: string | null }>(`SELECT to_regclass($1)::text AS t`, [
    quoteIdent(MARKER_TABLE),
  ]);
  return Boolean(rows[0]?.t);
}

export async function createMarkerTable(client: pg.Client): Promise<void> {
  await client.query(`CREATE TABLE IF NOT EXISTS ${quoteIdent(MARKER_TABLE)} (
    id int PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    status text NOT NULL,
    options jsonb NOT NULL,
    ddl jsonb NOT NULL DEFAULT '[]',
    summary jsonb,
    started_at timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz
  )`);
}

export async function readMarker(client: pg.Client): Promise<Marker | null> {
  const { rows } = await client.query<Marker>(
    `SELECT status, options, ddl, summary FROM ${quoteIdent(MARKER_TABLE)} WHERE id = 1`,
  );
  return rows[0] ?? null;
}

export async function writeMarker(client: pg.Client, marker: Marker): Promise<void> {
  await client.query(
    `INSERT INTO ${quoteIdent(MARKER_TABLE)} (id, status, options, ddl, summary, started_at, finished_at)
     VALUES (1, $1, $2, $3, $4, now(), CASE WHEN $1 = 'done' THEN now() END)
     ON CONFLICT (id) DO UPDATE SET status = $1, options = $2, ddl = $3, summary = $4,
       started_at = CASE WHEN $1 = 'loading' THEN now() ELSE ${quoteIdent(MARKER_TABLE)}.started_at END,
       finished_at = CASE WHEN $1 = 'done' THEN now() END`,
    [
      marker.status,
      JSON.stringify(marker.options),
      JSON.stringify(marker.ddl),
      JSON.stringify(marker.summary),
    ],
  );
}

/** True when any application table holds a row (used to refuse wiping a database the seed did not fill). */
export async function holdsData(client: pg.Client): Promise<boolean> {
  for (const table of LOADED_TABLES) {
    const { rows } = await client.query<{ any: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM ${quoteIdent(table)}) AS any`,
    );
    if (rows[0]?.any) return true;
  }
  return false;
}

/** Every table of the application (the current schema minus migration and seed bookkeeping). */
export async function appTables(client: pg.Client): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')
        AND c.relname <> '_prisma_migrations' AND c.relname NOT LIKE '\\_flywheel\\_seed%'
      ORDER BY 1`,
  );
  return rows.map((row) => row.name);
}

/**
 * The indexes and constraints of the loaded tables, and every foreign key that points at them, as SQL
 * that recreates them. Captured from the catalog, so a migration that adds an index is covered too.
 */
export async function captureDdl(client: pg.Client): Promise<Ddl[]> {
  const constraints = await client.query<{
    table: string;
    name: string;
    contype: string;
    def: string;
    index: string | null;
  }>(
    `SELECT t.relname AS "table", c.conname AS name, c.contype::text AS contype, pg_get_constraintdef(c.oid) AS def,
            CASE WHEN c.contype IN ('p', 'u') THEN pg_get_indexdef(c.conindid) END AS index
       FROM pg_constraint c
       JOIN pg_class t ON t.oid = c.conrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
       LEFT JOIN pg_class r ON r.oid = c.confrelid
      WHERE n.nspname = current_schema()
        AND ((c.contype IN ('p', 'u', 'x') AND t.relname = ANY($1))
          OR (c.contype = 'f' AND (t.relname = ANY($1) OR r.relname = ANY($1))))
      ORDER BY c.contype DESC, t.relname, c.conname`,
    [LOADED_TABLES],
  );
  const indexes = await client.query<{ table: string; name: string; def: string }>(
    `SELECT t.relname AS "table", ic.relname AS name, pg_get_indexdef(i.indexrelid) AS def
       FROM pg_index i
       JOIN pg_class t ON t.oid = i.indrelid
       JOIN pg_class ic ON ic.oid = i.indexrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE n.nspname = current_schema() AND t.relname = ANY($1)
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.conrelid = i.indrelid
                          AND c.contype IN ('p', 'u', 'x'))
      ORDER BY t.relname, ic.relname`,
    [LOADED_TABLES],
  );
  return [
    ...constraints.rows.map((row) => {
      const add = `ALTER TABLE ${quoteIdent(row.table)} ADD CONSTRAINT ${quoteIdent(row.name)}`;
      return {
        table: row.table,
        name: row.name,
        kind: row.contype === "f" ? ("foreign-key" as const) : ("constraint" as const),
        sql: `${add} ${row.def}`,
        // The constraint's index is named after it (PostgreSQL's rule for ADD CONSTRAINT … USING INDEX).
        ...(row.index && row.index.includes(`INDEX ${quoteIdent(row.name)} ON`)
          ? {
              build: row.index,
              attach: `${add} ${row.contype === "p" ? "PRIMARY KEY" : "UNIQUE"} USING INDEX ${quoteIdent(row.name)}`,
            }
          : {}),
      };
    }),
    ...indexes.rows.map((row) => ({
      table: row.table,
      name: row.name,
      kind: "index" as const,
      sql: row.def,
    })),
  ];
}

/** Drops what captureDdl() describes: foreign keys first, then the constraints and indexes they need. */
export async function dropDdl(client: pg.Client, ddl: Ddl[]): Promise<void> {
  const order = { "foreign-key": 0, constraint: 1, index: 2 };
  for (const item of [...ddl].sort((a, b) => order[a.kind] - order[b.kind])) {
    await client.query(
      item.kind === "index"
        ? `DROP INDEX IF EXISTS ${quoteIdent(item.name)}`
        : `ALTER TABLE ${quoteIdent(item.table)} DROP CONSTRAINT IF EXISTS ${quoteIdent(item.name)}`,
    );
  }
}

/**
 * Recreates what an interrupted load left dropped (call it on empty tables: it is instant there). A
 * constraint whose index was built but not yet attached loses the index and is added again whole.
 */
export async function restoreMissing(client: pg.Client, ddl: Ddl[]): Promise<void> {
  const { rows } = await client.query<{ name: string; kind: string }>(
    `SELECT conname AS name, 'constraint' AS kind FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
      WHERE n.nspname = current_schema()
     UNION ALL
     SELECT c.relname, 'index' FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = current_schema() AND c.relkind = 'i'`,
  );
  const present = (name: string, kind: string) => rows.some((row) => row.name === name && row.kind === kind);
  const order = { constraint: 0, index: 1, "foreign-key": 2 };
  for (const item of [...ddl].sort((x, y) => order[x.kind] - order[y.kind])) {
    if (present(item.name, item.kind === "index" ? "index" : "constraint")) continue;
    if (item.kind === "constraint") await client.query(`DROP INDEX IF EXISTS ${quoteIdent(item.name)}`);
    await client.query(item.sql);
  }
}

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** The URL without its password, for log lines. */
export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(invalid URL)";
  }
}
