// `npm start`: runs Flywheel's production build on http://localhost:$PORT, in this one Node.js process
// (scripts/start.mjs bundles this file and runs it with plain `node`; no npx, no TypeScript loader).
// With nothing configured it starts the embedded database (PGlite, data under .data/) in this process,
// generates and keeps an AUTH_SECRET there, migrates, builds when the sources changed, and serves.
// With DATABASE_URL it uses that PostgreSQL instead (migrating it at start). Ctrl+C or SIGTERM drain
// the HTTP server, close the pool, then flush and unlock the embedded database (scripts/lib/shutdown.ts).
// `npm run dev` does the same with `next dev` as a child process.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { EnvError, parseEnv, type Env } from "../lib/env-schema";
import { DatabaseUnreachableError, migrate } from "../lib/db/migrate";
import { startEmbeddedPostgres } from "../lib/db/embedded";
import { configureLogger } from "../lib/ops/logger";
import { loadAuthSecret } from "./lib/auth-secret";
import { buildIfNeeded } from "./lib/build-if-needed";
import { loadDotEnv } from "./lib/load-dotenv";
import { runNextDev } from "./lib/run-next-dev";
import { serveNext } from "./lib/serve-next";
import { installSignalHandlers, isShuttingDown, onShutdown, shutdown } from "./lib/shutdown";

const dev = process.argv.includes("--dev");
const root = process.cwd();

async function fail(message: string): Promise<never> {
  console.error(message);
  return shutdown(1);
}

async function openDatabase(env: Env, dataDir: string): Promise<{ url: string; embedded: boolean }> {
  if (env.DATABASE_URL) return { url: env.DATABASE_URL, embedded: false };
  // startEmbeddedPostgres locks the data directory: a second `npm start` on it gets a clear message.
  const embedded = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "pglite"), port: 0 });
  onShutdown(() => embedded.close());
  console.log(`Embedded database: ${path.join(dataDir, "pglite")}`);
  return { url: embedded.url, embedded: true };
}

async function main() {
  installSignalHandlers();
  loadDotEnv();
  let env: Env;
  try {
    env = parseEnv(process.env);
  } catch (error) {
    return fail(error instanceof EnvError ? error.message : String(error));
  }
  // JSON lines for log collectors in production; `next dev` keeps its own readable output.
  configureLogger({ level: env.LOG_LEVEL, format: dev ? "pretty" : "json" });
  const dataDir = path.resolve(env.FLYWHEEL_DATA_DIR);
  mkdirSync(dataDir, { recursive: true });

  const database = await openDatabase(env, dataDir);
  try {
    const { applied } = await migrate(database.url);
    if (applied.length > 0) console.log(`Applied ${applied.length} migration(s): ${applied.join(", ")}`);
  } catch (error) {
    if (!database.embedded && error instanceof DatabaseUnreachableError) {
      return fail(`Cannot reach the database at DATABASE_URL (${error.target}): ${error.reason}`);
    }
    return fail(error instanceof Error ? error.message : String(error));
  }

  // What the app reads through lib/env.ts, in this process (production) or the dev child.
  Object.assign(process.env, {
    DATABASE_URL: database.url,
    AUTH_SECRET: loadAuthSecret(env.AUTH_SECRET, dataDir),
    // The embedded server serves one connection (lib/db/embedded.ts).
    ...(database.embedded ? { DATABASE_POOL_SIZE: "1" } : {}),
    NODE_ENV: dev ? "development" : "production",
    NEXT_TELEMETRY_DISABLED: "1",
  });

  if (dev) return runNextDev({ root, port: env.PORT });
  if (!(await buildIfNeeded(root))) return fail("The build failed; see the output above.");
  if (isShuttingDown()) return;
  await serveNext({ root, port: env.PORT, graceSeconds: env.SHUTDOWN_GRACE_SECONDS });
  console.log(`Flywheel is running on http://localhost:${env.PORT}`);
}

main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
