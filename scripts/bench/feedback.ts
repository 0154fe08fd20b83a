// npm run bench:feedback — server time of rating an answer (lib/feedback/rate.ts, rateMessage) on a
// database holding 1,000,000 feedback rows, next to a `SELECT 1` round trip measured in the same run
// through the same Prisma client (and through plain pg for reference). In-process, no HTTP: this is the
// cost of the domain function, which the server action adds only its session check to.
//
// Flags: the seed's (--feedback, --conversations, --models, --users, --url, --reseed; see
// scripts/seed/feedback-seed.ts) plus --iterations (default 2000) and --warmup (default 200).
// Run with the react-server condition (package.json does) so that lib's `import "server-only"` resolves
// to the package's empty module, as it does inside Next.js.
import { existsSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { seedFeedback } from "../seed/feedback-seed";
import { seedArgOptions, seedArgsFrom } from "../seed/seed-args";
import { redact } from "../seed/seed-schema";
import { fmt, median, percentile } from "./lib/stats";

const { values } = parseArgs({
  options: { ...seedArgOptions, iterations: { type: "string" }, warmup: { type: "string" } },
  strict: true,
});
const seedArgs = seedArgsFrom(values);
const iterations = Number(values.iterations ?? 2000);
const warmup = Number(values.warmup ?? 200);
if (!Number.isInteger(iterations) || iterations < 1 || !Number.isInteger(warmup) || warmup < 0) {
  throw new Error("--iterations must be a whole number ≥ 1 and --warmup ≥ 0");
}

const seed = await seedFeedback(seedArgs);

// lib/env.ts reads process.env on first use, so the settings must be in place before lib is imported.
Object.assign(process.env, {
  DATABASE_URL: seedArgs.url,
  AUTH_SECRET: "bench-secret-bench-secret-bench-secret-bench",
  NODE_ENV: "production",
  FEEDBACK_RATE_LIMIT_PER_MINUTE: "1000000",
});
const rateFile = path.resolve(import.meta.dirname, "../../lib/feedback/rate.ts");
if (!existsSync(rateFile)) throw new Error(`${rateFile} does not exist yet: nothing to measure.`);
const client = await import("../../lib/db/client");
const { rateMessage } = await import("../../lib/feedback/rate");
const { db } = client;
// The pool rateMessage sends its prepared statement through, when lib/db/client.ts exposes it.
const appPool = "pool" in client && typeof client.pool === "function" ? client.pool() : null;

const sql = new pg.Client({ connectionString: seedArgs.url });
await sql.connect();

type Rating = "up" | "down" | null;
type Sample = { messageId: string; userId: string; rating: Rating; siblings: boolean };

/**
 * Assistant answers of live conversations with the owner's current rating: half rated, half unrated (so
 * that inserts are measured as much as updates and deletes), each half holding answers with a sibling
 * (a regenerated answer, which makes rateMessage also sync the implied comparison) in the same share as
 * among all sampled answers.
 */
async function sampleAnswers(count: number): Promise<Sample[]> {
  for (let percent = 2; ; percent = Math.min(100, percent * 4)) {
    const { rows } = await sql.query<Sample>(
      `SELECT m.id AS "messageId", c."userId" AS "userId", f.rating::text AS rating,
              EXISTS (SELECT 1 FROM "Message" s WHERE s."parentId" = m."parentId" AND s.id <> m.id) AS siblings
         FROM "Message" m TABLESAMPLE SYSTEM (${percent})
         JOIN "Conversation" c ON c.id = m."conversationId"
         JOIN "User" u ON u.id = c."userId"
         LEFT JOIN "Feedback" f ON f."messageId" = m.id AND f."userId" = c."userId"
        WHERE m.role = 'assistant' AND m.status = 'complete' AND c."deletedAt" IS NULL AND NOT c.temporary
          AND u."disabledAt" IS NULL`,
    );
    const share = rows.filter((row) => row.siblings).length / Math.max(1, rows.length);
    const pick = (pool: Sample[], wanted: number) => {
      const withSibling = shuffle(pool.filter((row) => row.siblings));
      const without = shuffle(pool.filter((row) => !row.siblings));
      const fromSiblings = Math.round(wanted * share);
      if (withSibling.length < fromSiblings || without.length < wanted - fromSiblings) return null;
      return [...withSibling.slice(0, fromSiblings), ...without.slice(0, wanted - fromSiblings)];
    };
    const half = Math.ceil(count / 2);
    const rated = pick(
      rows.filter((row) => row.rating !== null),
      half,
    );
    const unrated = pick(
      rows.filter((row) => row.rating === null),
      count - half,
    );
    if (rated && unrated) return shuffle([...rated, ...unrated]);
    if (percent === 100) {
      if (rows.length === 0) throw new Error("The database holds no answer to rate.");
      return shuffle(rows).slice(0, count); // a small seed: take what there is
    }
  }
}

function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

const feedbackRows = async () =>
  Number((await sql.query<{ n: string }>(`SELECT count(*) AS n FROM "Feedback"`)).rows[0]?.n);
const feedbackBefore = await feedbackRows();
const samples = await sampleAnswers(warmup + iterations);
const ids = samples.map((sample) => sample.messageId);
const rateLimitKeys = [...new Set(samples.map((sample) => `feedback:${sample.userId}`))];

// The bench changes ratings; keep what it touches and put it back afterwards, so the seed stays exact
// for the next run and for the admin and export benchmarks.
await sql.query(
  `CREATE TEMP TABLE bench_feedback AS SELECT * FROM "Feedback" WHERE "messageId" = ANY($1::uuid[])`,
  [ids],
);
await sql.query(
  `CREATE TEMP TABLE bench_comparison AS SELECT * FROM "Comparison"
    WHERE "answerAId" = ANY($1::uuid[]) OR "answerBId" = ANY($1::uuid[])`,
  [ids],
);
async function restore(): Promise<void> {
  await sql.query("BEGIN");
  await sql.query(`DELETE FROM "Feedback" WHERE "messageId" = ANY($1::uuid[])`, [ids]);
  await sql.query(`INSERT INTO "Feedback" SELECT * FROM bench_feedback`);
  await sql.query(
    `DELETE FROM "Comparison" WHERE "answerAId" = ANY($1::uuid[]) OR "answerBId" = ANY($1::uuid[])`,
    [ids],
  );
  await sql.query(`INSERT INTO "Comparison" SELECT * FROM bench_comparison`);
  await sql.query(`DELETE FROM "RateLimit" WHERE key = ANY($1::text[])`, [rateLimitKeys]);
  await sql.query("COMMIT");
  // Autovacuum may be off (it is on our machines) or late: clear the dead rows and set the visibility
  // map again, so that the next benchmark on this seed reads what a fresh seed holds.
  await sql.query(`VACUUM "Feedback", "Comparison"`);
}

type Kind = "insert" | "update" | "unchanged" | "delete" | "no-op delete";
const kindOf = (before: Rating, after: Rating): Kind =>
  after === null
    ? before === null
      ? "no-op delete"
      : "delete"
    : before === null
      ? "insert"
      : before === after
        ? "unchanged"
        : "update";

async function time(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

const timings = {
  prisma: [] as number[],
  pg: [] as number[],
  pool: [] as number[],
  rate: [] as number[],
};
const byKind = new Map<string, number[]>();
const errors: string[] = [];
const state = new Map(samples.map((sample) => [sample.messageId, sample.rating]));
const cycle: Rating[] = ["up", "down", null];

try {
  for (let i = 0; i < warmup + iterations; i++) {
    const sample = samples[i % samples.length]!;
    const rating = cycle[i % cycle.length]!;
    const measured = i >= warmup;
    const steps: [keyof typeof timings, () => Promise<unknown>][] = [
      ["prisma", () => db().$queryRaw`SELECT 1`],
      ["pg", () => sql.query("SELECT 1")],
      ...(appPool
        ? [["pool", () => appPool.query("SELECT 1")] as [keyof typeof timings, () => Promise<unknown>]]
        : []),
      [
        "rate",
        () =>
          rateMessage({ userId: sample.userId }, { messageId: sample.messageId, rating }).catch(
            (error: unknown) => {
              errors.push(error instanceof Error ? error.message : String(error));
            },
          ),
      ],
    ];
    // Rotate the order so that no measurement always follows the same one (caches, connection reuse).
    const offset = i % steps.length;
    for (const [name, fn] of [...steps.slice(offset), ...steps.slice(0, offset)]) {
      const ms = await time(fn);
      if (!measured) continue;
      timings[name].push(ms);
      if (name === "rate") {
        for (const kind of [
          kindOf(state.get(sample.messageId) ?? null, rating),
          sample.siblings ? "answers with a sibling" : "answers without a sibling",
        ]) {
          byKind.set(kind, byKind.get(kind) ?? []);
          byKind.get(kind)!.push(ms);
        }
      }
    }
    state.set(sample.messageId, rating);
  }
} finally {
  await restore();
}
const feedbackAfter = await feedbackRows();

const base = median(timings.prisma);
const row = (label: string, samples: number[]) =>
  `| ${label} | ${samples.length} | ${fmt(median(samples), 2)} ms | ${fmt(percentile(samples, 95), 2)} ms | ${fmt(percentile(samples, 99), 2)} ms | ${fmt(median(samples) / base, 2)}× |`;

console.log(`\nbench:feedback — ${redact(seedArgs.url)}`);
if (seed.seeded) console.log(`seeded in this run: ${fmt(seed.seconds ?? NaN, 1)} s`);
console.log(
  `feedback rows: ${feedbackBefore.toLocaleString("en")} before, ${feedbackAfter.toLocaleString("en")} after (ratings touched by the bench restored)`,
);
console.log(
  `${iterations} measured iterations after ${warmup} warm-ups, each: SELECT 1 (Prisma), SELECT 1 (pg)${appPool ? ", SELECT 1 (app pool)" : ""}, rateMessage; ratings cycle up → down → null on ${samples.length} answers (half rated)\n`,
);
console.log("| measure | n | median | p95 | p99 | vs SELECT 1 (Prisma) |");
console.log("|---|---|---|---|---|---|");
console.log(row("SELECT 1 through Prisma (baseline)", timings.prisma));
console.log(row("SELECT 1 through a plain pg client", timings.pg));
if (appPool) console.log(row("SELECT 1 through the app's pg pool", timings.pool));
console.log(row("**rateMessage**, all", timings.rate));
const kindLabels: [string, string][] = [
  ["insert", "rateMessage: new rating (insert)"],
  ["update", "rateMessage: changed rating (update)"],
  ["unchanged", "rateMessage: same rating again (no change)"],
  ["delete", "rateMessage: rating removed (delete)"],
  ["no-op delete", "rateMessage: remove, nothing rated (no-op)"],
  ["answers without a sibling", "rateMessage: answers without a sibling"],
  ["answers with a sibling", "rateMessage: answers with a sibling (+ comparison sync)"],
];
for (const [kind, label] of kindLabels) {
  const samples = byKind.get(kind);
  if (samples) console.log(row(label, samples));
}
const ratio = median(timings.rate) / base;
console.log(
  `\nrateMessage median / SELECT 1 median: ${fmt(ratio, 2)}× (target ≤ 3×: ${ratio <= 3 ? "met" : "not met"})`,
);
if (errors.length > 0) {
  console.log(`errors: ${errors.length} (first: ${errors[0]})`);
}

await sql.end();
await db().$disconnect();
process.exit(errors.length > 0 ? 1 : 0);
