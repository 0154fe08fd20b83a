// The structure of a database as sorted, one-line facts, so that two databases compare with toEqual and
// a difference reads as a short list of missing or extra lines. Covers what schema.prisma can express:
// tables, columns (type, nullability, default), enums, indexes, primary/unique/foreign keys (with their
// actions), sequences and extensions. Objects a migration may add by hand that schema.prisma cannot
// describe (CHECK constraints, triggers, functions, views) are deliberately left out.
import pg from "pg";
import { diffSchemas } from "../../scripts/new-migration";
import { createTestDatabase, type TestDatabase } from "./database";

/** Everything except Prisma's bookkeeping table. */
export async function describeDatabase(url: string): Promise<string[]> {
  return withClient(url, async (client) => {
    const lines: string[] = [];
    const query = async <Row extends pg.QueryResultRow>(sql: string) => (await client.query<Row>(sql)).rows;

    for (const row of await query<{ table: string }>(`
      SELECT c.relname AS "table" FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND c.relname <> '_prisma_migrations'`)) {
      lines.push(`table ${row.table}`);
    }

    // Compared by name, not position: a column added by a later migration comes last in the table.
    for (const row of await query<{
      table: string;
      column: string;
      type: string;
      not_null: boolean;
      default: string | null;
      identity: string;
      generated: string;
    }>(`
      SELECT c.relname AS "table", a.attname AS "column", format_type(a.atttypid, a.atttypmod) AS type,
             a.attnotnull AS not_null, pg_get_expr(d.adbin, d.adrelid) AS "default",
             a.attidentity::text AS identity, a.attgenerated::text AS generated
        FROM pg_attribute a
        JOIN pg_class c ON c.oid = a.attrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
       WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
         AND c.relname <> '_prisma_migrations'`)) {
      const extras = [
        row.not_null ? "NOT NULL" : "NULL",
        row.default === null ? "" : `DEFAULT ${row.default}`,
        row.identity ? `IDENTITY ${row.identity}` : "",
        row.generated ? `GENERATED ${row.generated}` : "",
      ];
      lines.push(`column ${row.table}.${row.column} ${row.type} ${extras.filter(Boolean).join(" ")}`);
    }

    // Sorted: Prisma ignores the order of enum values (a new value is appended with ADD VALUE, while a
    // database built from scratch lists it where schema.prisma does).
    for (const row of await query<{ name: string; labels: string[] }>(`
      SELECT t.typname AS name, array_agg(e.enumlabel::text) AS labels
        FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
       WHERE n.nspname = current_schema() GROUP BY t.typname`)) {
      lines.push(`enum ${row.name} (${[...row.labels].sort().join(", ")})`);
    }

    for (const row of await query<{ definition: string }>(`
      SELECT indexdef AS definition FROM pg_indexes
       WHERE schemaname = current_schema() AND tablename <> '_prisma_migrations'`)) {
      lines.push(`index ${row.definition}`);
    }

    for (const row of await query<{ table: string; name: string; definition: string }>(`
      SELECT c.relname AS "table", con.conname AS name, pg_get_constraintdef(con.oid) AS definition
        FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = current_schema() AND con.contype IN ('p', 'u', 'f') AND c.relname <> '_prisma_migrations'`)) {
      lines.push(`constraint ${row.table}.${row.name} ${row.definition}`);
    }

    for (const row of await query<{ name: string; type: string; start: string; increment: string }>(`
      SELECT sequencename AS name, data_type::text AS type, start_value::text AS start, increment_by::text AS increment
        FROM pg_sequences WHERE schemaname = current_schema()`)) {
      lines.push(`sequence ${row.name} ${row.type} START ${row.start} INCREMENT ${row.increment}`);
    }

    for (const row of await query<{ name: string }>(
      `SELECT extname AS name FROM pg_extension WHERE extname <> 'plpgsql'`,
    )) {
      lines.push(`extension ${row.name}`);
    }

    return lines.sort();
  });
}

/** An empty test database given exactly what Prisma would create for `schema` from nothing. */
export async function createDatabaseFromSchema(schema: string): Promise<TestDatabase> {
  const database = await createTestDatabase({ migrate: false });
  try {
    const sql = await diffSchemas(null, schema);
    if (sql !== null) await withClient(database.url, (client) => client.query(sql));
    return database;
  } catch (error) {
    await database.drop();
    throw error;
  }
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
