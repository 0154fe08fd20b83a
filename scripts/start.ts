// `npm start`: runs Flywheel's production build on http://localhost:$PORT.
// With nothing configured it starts the embedded database (PGlite, data under .data/), generates and
// keeps an AUTH_SECRET there, migrates, builds when the sources changed, and serves. With DATABASE_URL
// it uses that PostgreSQL instead (migrating it at start). `npm run dev` does the same with `next dev`.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { EnvError, parseEnv, type Env } from "../lib/env-schema";
import { DatabaseUnreachableError, migrate } from "../lib/db/migrate";
import { startEmbeddedPostgres } from "../lib/db/embedded";
import { loadDotEnv } from "./lib/load-dotenv";

const dev = process.argv.includes("--dev");
const FORWARDED_FOR_HOOK = path.resolve("scripts/lib/forwarded-for-hook.mjs");

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

function loadAuthSecret(env: Env, dataDir: string): string {
  if (env.AUTH_SECRET) return env.AUTH_SECRET;
  const file = path.join(dataDir, "auth-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  console.log(`Generated AUTH_SECRET in ${file} (set AUTH_SECRET to manage it yourself).`);
  return secret;
}

const SOURCES = [
  "app",
  "components",
  "lib",
  "public",
  "proxy.ts",
  "instrumentation.ts",
  "next.config.mjs",
  "package.json",
  "postcss.config.mjs",
];

function newestSourceMtime(entry: string): number {
  if (!existsSync(entry)) return 0;
  const stats = statSync(entry);
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = stats.mtimeMs;
  for (const child of readdirSync(entry))
    newest = Math.max(newest, newestSourceMtime(path.join(entry, child)));
  return newest;
}

/** Builds when there is no production build yet or a source file is newer than it. */
function buildIfNeeded(): void {
  const buildId = path.join(".next", "BUILD_ID");
  const builtAt = existsSync(buildId) ? statSync(buildId).mtimeMs : 0;
  const changedAt = Math.max(...SOURCES.map(newestSourceMtime));
  if (builtAt > changedAt) return;
  console.log(
    builtAt ? "Sources changed since the last build; rebuilding…" : "Building Flywheel (first run)…",
  );
  const result = spawnSync("npx", ["next", "build"], {
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (result.status !== 0) fail("The build failed; see the output above.");
}

async function main() {
  loadDotEnv();
  let env: Env;
  try {
    env = parseEnv(process.env);
  } catch (error) {
    fail(error instanceof EnvError ? error.message : String(error));
  }
  const dataDir = path.resolve(env.FLYWHEEL_DATA_DIR);
  mkdirSync(dataDir, { recursive: true });

  let databaseUrl = env.DATABASE_URL;
  let closeEmbedded: (() => Promise<void>) | undefined;
  if (!databaseUrl) {
    // startEmbeddedPostgres locks the data directory: a second `npm start` on it gets a clear message.
    const embedded = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "pglite"), port: 0 });
    databaseUrl = embedded.url;
    closeEmbedded = embedded.close;
    console.log(`Embedded database: ${path.join(dataDir, "pglite")}`);
  }

  try {
    const { applied } = await migrate(databaseUrl);
    if (applied.length > 0) console.log(`Applied ${applied.length} migration(s): ${applied.join(", ")}`);
  } catch (error) {
    if (env.DATABASE_URL && error instanceof DatabaseUnreachableError) {
      fail(`Cannot reach the database at DATABASE_URL (${error.target}): ${error.reason}`);
    }
    fail(error instanceof Error ? error.message : String(error));
  }

  const authSecret = loadAuthSecret(env, dataDir);
  if (!dev) buildIfNeeded();

  const child = spawn("npx", ["next", dev ? "dev" : "start", "--port", String(env.PORT)], {
    stdio: "inherit",
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      AUTH_SECRET: authSecret,
      // The embedded server multiplexes onto one PostgreSQL session; one pooled connection keeps
      // transactions from interleaving.
      ...(closeEmbedded ? { DATABASE_POOL_SIZE: "1" } : {}),
      NODE_ENV: dev ? "development" : "production",
      NEXT_TELEMETRY_DISABLED: "1",
      // Records each request's socket address in X-Forwarded-For (see the hook for why).
      NODE_OPTIONS: [
        process.env.NODE_OPTIONS,
        `--import ${JSON.stringify(pathToFileURL(FORWARDED_FOR_HOOK).href)}`,
      ]
        .filter(Boolean)
        .join(" "),
    },
  });

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    child.kill(signal);
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));

  child.on("exit", (code, signal) => {
    void (async () => {
      await closeEmbedded?.();
      process.exit(code ?? (signal ? 0 : 1));
    })();
  });
}

main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
