// `npm run db:migrate`: applies pending migrations to DATABASE_URL, or to the embedded database
// ($FLYWHEEL_DATA_DIR/pglite, default .data/pglite) when DATABASE_URL is not set — the same choice
// `npm start` makes, including reading .env.
import path from "node:path";
import { startEmbeddedPostgres } from "../lib/db/embedded";
import { DatabaseUnreachableError, migrate } from "../lib/db/migrate";
import { loadDotEnv } from "./lib/load-dotenv";

async function main(): Promise<void> {
  loadDotEnv();
  const configuredUrl = process.env.DATABASE_URL?.trim() || undefined;
  const embedded = configuredUrl
    ? undefined
    : await startEmbeddedPostgres({ dataDir: path.join(process.env.FLYWHEEL_DATA_DIR || ".data", "pglite") });
  try {
    const url = configuredUrl ?? embedded?.url ?? "";
    const { applied } = await migrate(url, { log: (line) => console.log(line) });
    if (applied.length === 0) console.log("Database is up to date");
  } catch (error) {
    if (configuredUrl && error instanceof DatabaseUnreachableError) {
      throw new Error(`Cannot reach the database at DATABASE_URL (${error.target}): ${error.reason}`);
    }
    throw error;
  } finally {
    await embedded?.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
