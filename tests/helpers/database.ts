// A fresh database per call: a new database on TEST_DATABASE_URL's server when that is set (CI and
// developer machines have PostgreSQL on 127.0.0.1:5432), an in-memory PGlite otherwise.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { startEmbeddedPostgres } from "../../lib/db/embedded";
import { migrate } from "../../lib/db/migrate";

export interface TestDatabase {
  url: string;
  /** Removes the database (or stops the PGlite). Safe to call twice. */
  drop(): Promise<void>;
}

/** @param opts.migrate false = leave it empty (the drift test builds one from schema.prisma instead). */
export async function createTestDatabase(opts: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const database = process.env.TEST_DATABASE_URL
    ? await createOnServer(process.env.TEST_DATABASE_URL)
    : await startEmbeddedPostgres({});
  const drop = once(() => ("drop" in database ? database.drop() : database.close()));
  if (opts.migrate !== false) {
    await migrate(database.url).catch(async (error: unknown) => {
      await drop();
      throw error;
    });
  }
  return { url: database.url, drop };
}

async function createOnServer(serverUrl: string): Promise<TestDatabase> {
  const name = `flywheel_test_${randomBytes(6).toString("hex")}`;
  await withClient(serverUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    // FORCE (PostgreSQL 13+) terminates the connections a test left open.
    drop: () =>
      withClient(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)),
  };
}

async function withClient(url: string, work: (client: pg.Client) => Promise<unknown>): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect().catch((error: unknown) => {
    const reason =
      error instanceof Error ? error.message || ("code" in error ? String(error.code) : "") : String(error);
    throw new Error(`Cannot reach TEST_DATABASE_URL (${new URL(url).host}): ${reason}`);
  });
  try {
    await work(client);
  } finally {
    await client.end();
  }
}

function once(action: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () => (done ??= action());
}
