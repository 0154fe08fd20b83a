// npm run seed:feedback -- [--feedback 1000000] [--conversations 50000] [--models 5] [--users 2000]
//                          [--url <postgres url>] [--reseed]
//
// Fills a database with users, conversations (message trees with regenerated branches), feedback,
// comparisons and interaction events, generated inside PostgreSQL (see seed-sql.ts). Used by the
// feedback, admin and export benchmarks through seedFeedback(). A marker table remembers what was
// seeded: the same request again returns at once, a different one (or --reseed) replaces the data.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import type pg from "pg";
import { DatabaseUnreachableError, migrate } from "../../lib/db/migrate";
import { seedArgOptions, seedArgsFrom } from "./seed-args";
import { rebuildAroundLoad } from "./seed-rebuild";
import {
  LOADED_TABLES,
  SCRATCH_TABLES,
  appTables,
  captureDdl,
  connect,
  createMarkerTable,
  dropDatabase,
  dropDdl,
  ensureDatabase,
  hasMarkerTable,
  holdsData,
  quoteIdent,
  readMarker,
  redact,
  restoreMissing,
  writeMarker,
  type Marker,
} from "./seed-schema";
import {
  answerStatement,
  comparisonStatement,
  conversationStatement,
  eventStatement,
  feedbackStatement,
  planStatements,
  promptStatement,
  sessionSetup,
  textPoolStatements,
  unratedStatements,
  userStatements,
  type SeedPlan,
} from "./seed-sql";

/** Bump when the generated data changes shape: databases seeded by an older version are reseeded. */
export const SEED_VERSION = 1;
const SEED_LOCK_KEY = 72707370;

export type SeedOptions = {
  url: string;
  feedback: number;
  conversations: number;
  models: number;
  users: number;
  reseed?: boolean;
  log?: (line: string) => void;
};

export type SeedCounts = {
  users: number;
  conversations: number;
  messages: number;
  feedback: number;
  comparisons: number;
  interactionEvents: number;
};

export type SeedSummary = {
  /** The database, without its password. */
  url: string;
  /** False when the database already held this seed and nothing was written. */
  seeded: boolean;
  /** Wall time of the seeding in this call, in seconds; null when it was skipped. */
  seconds: number | null;
  options: { feedback: number; conversations: number; models: number; users: number };
  counts: SeedCounts;
};

const MIGRATIONS_DIR = path.resolve(import.meta.dirname, "../../prisma/migrations");

export async function seedFeedback(opts: SeedOptions): Promise<SeedSummary> {
  const log = opts.log ?? ((line: string) => console.log(line));
  const options = {
    feedback: opts.feedback,
    conversations: opts.conversations,
    models: opts.models,
    users: opts.users,
  };
  for (const [name, value] of Object.entries(options)) {
    if (!Number.isInteger(value) || value < (name === "feedback" ? 0 : 1)) {
      throw new Error(`seedFeedback: ${name} must be a positive whole number (got ${value})`);
    }
  }
  const wanted = { version: SEED_VERSION, ...options };

  if (await ensureDatabase(opts.url)) log(`[seed] created database ${redact(opts.url)}`);
  await migrateSeedDatabase(opts.url, log);

  const client = await connect(opts.url);
  try {
    // Two benchmarks started together must not seed the same database at once: the second waits, then
    // finds the seed in place. Released when the connection closes.
    await client.query(`SELECT pg_advisory_lock(${SEED_LOCK_KEY})`);
    const marker = (await hasMarkerTable(client)) ? await readMarker(client) : null;
    if (marker?.status === "done" && sameOptions(marker.options, wanted) && !opts.reseed) {
      const feedback = await countRows(client, "Feedback");
      if (feedback === options.feedback) {
        log(
          `[seed] ${redact(opts.url)} already holds this seed (${options.feedback.toLocaleString("en")} feedback rows)`,
        );
        return {
          url: redact(opts.url),
          seeded: false,
          seconds: null,
          options,
          counts: { ...(marker.summary?.counts as SeedCounts), feedback },
        };
      }
      log(
        `[seed] the seed was changed since (${feedback} feedback rows instead of ${options.feedback}): reseeding`,
      );
    }
    if (!marker && !opts.reseed && (await holdsData(client))) {
      throw new Error(
        `${redact(opts.url)} holds data that the seed did not write. Seeding replaces everything in it: ` +
          `pass --reseed if that is what you want, or --url for another database.`,
      );
    }
    return await load(client, opts.url, options, wanted, marker, log);
  } finally {
    await client.end().catch(() => {});
  }
}

/** Migrates; a seed database whose migration history no longer matches the code is recreated. */
async function migrateSeedDatabase(url: string, log: (line: string) => void): Promise<void> {
  const run = () => migrate(url, { migrationsDir: MIGRATIONS_DIR, log: (line) => log(`[seed] ${line}`) });
  try {
    await run();
  } catch (error) {
    // Only a history that the code cannot continue (a migration edited or removed since it was
    // applied, or one that failed) — never a connection problem.
    const message = error instanceof Error ? error.message : String(error);
    const historyProblem =
      !(error instanceof DatabaseUnreachableError) &&
      /changed after it was applied|not in prisma\/migrations|failed on|may be half-applied/.test(message);
    if (!historyProblem) throw error;
    const client = await connect(url);
    const isSeedDatabase = await hasMarkerTable(client).finally(() => client.end().catch(() => {}));
    if (!isSeedDatabase) throw error;
    log(`[seed] ${message}`);
    log(`[seed] this is a seed database: dropping and recreating it`);
    await dropDatabase(url);
    await ensureDatabase(url);
    await run();
  }
}

async function load(
  a: pg.Client,
  url: string,
  options: SeedSummary["options"],
  wanted: Record<string, unknown>,
  previous: Marker | null,
  log: (line: string) => void,
): Promise<SeedSummary> {
  const started = performance.now();
  const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s`;
  const run = async (client: pg.Client, label: string, sql: string, params: unknown[] = []) => {
    const t = performance.now();
    const result = await client.query(sql, params);
    const rows =
      result.rowCount && /^\s*(WITH|INSERT)/.test(sql) ? ` ${result.rowCount.toLocaleString("en")} rows` : "";
    log(`[seed] ${elapsed()}  ${label}${rows} (${((performance.now() - t) / 1000).toFixed(1)} s)`);
  };
  const plan: SeedPlan = { ...options, now: new Date().toISOString() };
  log(
    `[seed] seeding ${redact(url)}: ${options.feedback.toLocaleString("en")} feedback, ` +
      `${options.conversations.toLocaleString("en")} conversations, ${options.users.toLocaleString("en")} users, ` +
      `${options.models} models`,
  );

  const b = await connect(url);
  try {
    for (const client of [a, b]) {
      for (const sql of sessionSetup()) await client.query(sql);
      // lz4 compresses the large rows (text, parts and search vector together exceed the 2 kB TOAST
      // threshold) several times faster than the default pglz; servers built without it keep pglz.
      await client.query(`SET default_toast_compression = lz4`).catch(() => {});
    }

    // Empty the tables first, then restore whatever an interrupted earlier load left dropped (cheap on
    // empty tables), so that the catalog holds the full schema again before it is captured.
    await createMarkerTable(a);
    const tables = await appTables(a);
    await run(a, `emptied ${tables.length} tables`, `TRUNCATE ${tables.map(quoteIdent).join(", ")} CASCADE`);
    if (previous?.status === "loading") await restoreMissing(a, previous.ddl);
    await a.query("BEGIN");
    const ddl = await captureDdl(a);
    await writeMarker(a, { status: "loading", options: wanted, ddl, summary: null });
    await dropDdl(a, ddl);
    await a.query("COMMIT");
    log(`[seed] ${elapsed()}  dropped ${ddl.length} indexes and constraints for the load`);

    for (const table of SCRATCH_TABLES) await a.query(`DROP TABLE IF EXISTS ${quoteIdent(table)}`);
    await Promise.all([
      (async () => {
        for (const sql of textPoolStatements()) await a.query(sql);
        log(`[seed] ${elapsed()}  text pools built`);
      })(),
      (async () => {
        for (const sql of userStatements(plan)) await run(b, "users", sql);
        for (const sql of [...planStatements(plan), ...unratedStatements(plan)]) await b.query(sql);
        log(`[seed] ${elapsed()}  conversation plan ready`);
      })(),
    ]);
    const planned = await a.query<{ turns: string }>(
      `SELECT coalesce(sum(turns), 0) AS turns FROM "_flywheel_seed_conv"`,
    );
    if (Number(planned.rows[0]?.turns) !== options.feedback) {
      throw new Error(`seed plan holds ${planned.rows[0]?.turns} turns instead of ${options.feedback}`);
    }

    // Messages first, each connection (and so each PostgreSQL backend, on its own core) loading half of
    // the conversations; then the rest of the data and the indexes (see seed-rebuild.ts).
    const half = Math.floor(options.conversations / 2);
    const halves: [pg.Client, number[], string][] = [
      [a, [1, half], "1st half"],
      [b, [half + 1, options.conversations], "2nd half"],
    ];
    await Promise.all(
      halves.map(async ([client, range, name]) => {
        await run(client, `questions (${name})`, promptStatement(), range);
        await run(client, `answers (${name})`, answerStatement("answer"), range);
        await run(client, `regenerated answers (${name})`, answerStatement("regenerated"), range);
      }),
    );
    const all = [1, options.conversations];
    await rebuildAroundLoad({
      a,
      b,
      ddl,
      run,
      analyze: LOADED_TABLES,
      loadOnB: async () => {
        await run(b, "feedback", feedbackStatement(plan, "answer"), all);
        await run(b, "feedback on regenerated answers", feedbackStatement(plan, "regenerated"), all);
        await run(b, "conversations", conversationStatement(plan));
        await run(b, "comparisons", comparisonStatement(plan), all);
        await run(b, "interaction events", eventStatement(plan), all);
        // Sets the visibility map, which index-only scans of the admin queries need (autovacuum may be
        // off or late). Message is left out: it is by far the largest, its rows are read whole anyway,
        // and building its indexes sets the hint bits.
        for (const table of LOADED_TABLES.filter((name) => name !== "Message")) {
          await run(b, `vacuum ${table}`, `VACUUM ${quoteIdent(table)}`);
        }
      },
    });
    for (const table of SCRATCH_TABLES) await a.query(`DROP TABLE IF EXISTS ${quoteIdent(table)}`);

    const counts = await countAll(a);
    if (counts.feedback !== options.feedback) {
      throw new Error(`seeded ${counts.feedback} feedback rows instead of ${options.feedback}`);
    }
    await checkSample(a, log);
    const seconds = (performance.now() - started) / 1000;
    await writeMarker(a, { status: "done", options: wanted, ddl: [], summary: { counts, seconds } });
    log(
      `[seed] done in ${seconds.toFixed(1)} s: ${Object.entries(counts)
        .map(([name, value]) => `${value.toLocaleString("en")} ${name}`)
        .join(", ")}`,
    );
    return { url: redact(url), seeded: true, seconds, options, counts };
  } finally {
    await b.end().catch(() => {});
  }
}

async function countRows(client: pg.Client, table: string): Promise<number> {
  const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${quoteIdent(table)}`);
  return Number(rows[0]?.n ?? 0);
}

async function countAll(client: pg.Client): Promise<SeedCounts> {
  return {
    users: await countRows(client, "User"),
    conversations: await countRows(client, "Conversation"),
    messages: await countRows(client, "Message"),
    feedback: await countRows(client, "Feedback"),
    comparisons: await countRows(client, "Comparison"),
    interactionEvents: await countRows(client, "InteractionEvent"),
  };
}

/** A sample check that the assembled search vectors equal to_tsvector(text) and texts have the intended size. */
async function checkSample(client: pg.Client, log: (line: string) => void): Promise<void> {
  const { rows } = await client.query<{ n: string; bad: string; min: number | null; max: number | null }>(
    `SELECT count(*) AS n, count(*) FILTER (WHERE "searchVector" IS DISTINCT FROM to_tsvector('simple', text)) AS bad,
            min(length(text)) FILTER (WHERE role = 'assistant') AS min, max(length(text)) FILTER (WHERE role = 'assistant') AS max
       FROM "Message" TABLESAMPLE SYSTEM (0.5)`,
  );
  const row = rows[0];
  if (row && Number(row.bad) > 0) {
    throw new Error(
      `${row.bad} of ${row.n} sampled messages have a searchVector that differs from to_tsvector(text)`,
    );
  }
  log(
    `[seed] sample of ${row?.n ?? 0} messages: search vectors match; answers ${row?.min}–${row?.max} characters`,
  );
}

function sameOptions(stored: Record<string, unknown>, wanted: Record<string, unknown>): boolean {
  const keys = new Set([...Object.keys(stored), ...Object.keys(wanted)]);
  return [...keys].every((key) => stored[key] === wanted[key]);
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: seedArgOptions, strict: true });
  const args = seedArgsFrom(values);
  const summary = await seedFeedback(args);
  if (!summary.seeded) console.log("[seed] nothing to do (pass --reseed to seed again)");
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
