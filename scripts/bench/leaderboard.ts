// npm run bench:leaderboard — the whole leaderboard call (one GROUP BY over Comparison, the
// Bradley–Terry fit, 200 bootstrap rounds) on 1,000,000 comparisons over 20 models, next to two
// baselines measured in the same run: `SELECT count(*) FROM "Comparison"` (the least a pass over the
// table costs) and the fit with its bootstrap alone. In-process, no HTTP.
//
// The data is made in SQL with generate_series: 500 users, 10,000 conversations of one question and
// 20 answers (one per model), 100 of the 190 pairs compared per conversation, outcomes drawn from a
// true Bradley–Terry model (model-k has strength 0.15·k) with 10 % ties and 2 % "both are bad", sources
// mixed (50 % implied by thumbs, 30 % explicit, 20 % arena) over 120 days, and 20,000 thumbs with
// reasons. Every foreign key holds.
//
// Flags: --comparisons (default 1,000,000, a multiple of 100), --runs (measured runs per case, default
// 15), --keep (leave the database and print its URL), --url (measure a database kept so, without
// seeding it again). Uses a fresh database on TEST_DATABASE_URL's server (default
// postgresql://postgres@127.0.0.1:5432/postgres), dropped at the end unless --keep. Run with the react-server condition (package.json does).
import os from "node:os";
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import pg from "pg";
import { createTestDatabase } from "../../tests/helpers/database";
import { fmt, median, percentile } from "./lib/stats";
import type { PairCountsRow } from "../../lib/leaderboard/leaderboard-sql";

const { values } = parseArgs({
  options: {
    comparisons: { type: "string" },
    runs: { type: "string" },
    keep: { type: "boolean" },
    url: { type: "string" },
  },
  strict: true,
});
const COMPARISONS = Number((values.comparisons ?? "1000000").replaceAll("_", ""));
if (!Number.isInteger(COMPARISONS) || COMPARISONS < 100 || COMPARISONS % 100 !== 0) {
  throw new Error("--comparisons must be a multiple of 100");
}
const runs = Number(values.runs ?? 15);
if (!Number.isInteger(runs) || runs < 1) throw new Error("--runs must be a whole number ≥ 1");

const MODELS = 20;
const USERS = 500;
const PER_CONVERSATION = 100;
const CONVERSATIONS = COMPARISONS / PER_CONVERSATION;

process.env.TEST_DATABASE_URL ??= "postgresql://postgres@127.0.0.1:5432/postgres";
// --url: a database left by an earlier run with --keep (seeding takes a couple of minutes).
const database = values.url ? { url: values.url, drop: async () => {} } : await createTestDatabase();
const sql = new pg.Client({ connectionString: database.url });
await sql.connect();
try {
  if (!values.url) await seed();
  await measure();
} finally {
  await sql.end();
  if (values.keep) console.error(`kept ${database.url}`);
  else await database.drop();
}

async function seed() {
  const started = performance.now();
  const step = async (label: string, text: string) => {
    const at = performance.now();
    await sql.query(text);
    console.error(`  ${label}: ${((performance.now() - at) / 1000).toFixed(1)} s`);
  };
  // Ids derived from numbers (md5 → uuid), so that rows refer to each other without lookups.
  await sql.query(`SELECT setseed(0.42)`);
  await step(
    "users",
    `INSERT INTO "User" ("id", "email", "name", "role", "updatedAt")
     SELECT md5('u' || g)::uuid, 'bench-lb-' || g || '@example.test', 'Bench ' || g,
            (CASE WHEN g = 0 THEN 'ADMIN' ELSE 'USER' END)::"Role", now()
     FROM generate_series(0, ${USERS - 1}) g`,
  );
  await step(
    "conversations",
    `INSERT INTO "Conversation" ("id", "userId", "title", "createdAt", "updatedAt")
     SELECT md5('c' || g)::uuid, md5('u' || (g % ${USERS}))::uuid,
            (ARRAY['Trip to Lisbon', 'Fix my SQL query', 'Poem about rain', 'Tax question', 'Rust lifetimes'])[1 + g % 5],
            now() - (g % 120) * interval '1 day', now()
     FROM generate_series(0, ${CONVERSATIONS - 1}) g`,
  );
  await step(
    "messages",
    `INSERT INTO "Message" ("id", "conversationId", "parentId", "role", "text", "modelId", "createdAt", "updatedAt")
     SELECT md5('q' || g)::uuid, md5('c' || g)::uuid, NULL, 'user'::"MessageRole", 'question ' || g, NULL,
            now() - (g % 120) * interval '1 day', now()
     FROM generate_series(0, ${CONVERSATIONS - 1}) g
     UNION ALL
     SELECT md5('a' || g || ':' || m)::uuid, md5('c' || g)::uuid, md5('q' || g)::uuid, 'assistant'::"MessageRole",
            'answer', 'model-' || lpad(m::text, 2, '0'), now() - (g % 120) * interval '1 day', now()
     FROM generate_series(0, ${CONVERSATIONS - 1}) g CROSS JOIN generate_series(0, ${MODELS - 1}) m`,
  );
  // The 190 pairs (i < j), numbered; conversation g compares pairs (g + 0..99) mod 190: distinct.
  await step(
    "comparisons",
    `WITH pairs AS (
       SELECT (row_number() OVER (ORDER BY i, j) - 1)::int AS k, i, j
       FROM generate_series(0, ${MODELS - 1}) i CROSS JOIN generate_series(0, ${MODELS - 1}) j WHERE i < j
     ), picked AS (
       SELECT g, (g / ${PER_CONVERSATION})::int AS c, p.i, p.j, random() AS r, random() AS s, random() AS t
       FROM generate_series(0, ${COMPARISONS - 1}) g
       JOIN pairs p ON p.k = ((g / ${PER_CONVERSATION}) + g % ${PER_CONVERSATION}) % ${(MODELS * (MODELS - 1)) / 2}
     )
     INSERT INTO "Comparison" ("userId", "conversationId", "promptId", "answerAId", "answerBId", "preferredId",
                               "bothBad", "modelA", "modelB", "source", "createdAt", "updatedAt")
     SELECT md5('u' || (c % ${USERS}))::uuid, md5('c' || c)::uuid, md5('q' || c)::uuid,
            md5('a' || c || ':' || i)::uuid, md5('a' || c || ':' || j)::uuid,
            CASE WHEN r < 0.12 THEN NULL
                 WHEN s < 1 / (1 + exp(-0.15 * (i - j))) THEN md5('a' || c || ':' || i)::uuid
                 ELSE md5('a' || c || ':' || j)::uuid END,
            r < 0.02,
            'model-' || lpad(i::text, 2, '0'), 'model-' || lpad(j::text, 2, '0'),
            (CASE WHEN t < 0.5 THEN 'ratings' WHEN t < 0.8 THEN 'explicit' ELSE 'arena' END)::"ComparisonSource",
            now() - (c % 120) * interval '1 day' + (g % ${PER_CONVERSATION}) * interval '1 second', now()
     FROM picked`,
  );
  await step(
    "feedback",
    `INSERT INTO "Feedback" ("messageId", "userId", "conversationId", "rating", "reasons", "modelId", "updatedAt")
     SELECT md5('a' || g || ':' || (g % ${MODELS}))::uuid, md5('u' || (g % ${USERS}))::uuid, md5('c' || g)::uuid,
            'down'::"Rating", ARRAY[(ARRAY['incomplete', 'too_verbose', 'not_factual'])[1 + g % 3]],
            'model-' || lpad((g % ${MODELS})::text, 2, '0'), now()
     FROM generate_series(0, ${Math.min(CONVERSATIONS, 20_000) - 1}) g`,
  );
  await step("vacuum analyze", `VACUUM (ANALYZE) "Comparison", "Feedback", "Conversation", "Message"`);
  console.error(`seeded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

async function measure() {
  // lib/env.ts reads process.env on first use: the settings must be in place before lib is imported.
  Object.assign(process.env, {
    DATABASE_URL: database.url,
    AUTH_SECRET: "bench-secret-bench-secret-bench-secret-bench",
    NODE_ENV: "production",
  });
  const { db } = await import("../../lib/db/client");
  const { getLeaderboard } = await import("../../lib/leaderboard/leaderboard");
  const { computeStandings } = await import("../../lib/leaderboard/standings");
  const { pairCountsSql } = await import("../../lib/leaderboard/leaderboard-sql");
  const { outcomeCounts } = await import("../../lib/leaderboard/leaderboard");
  const actor = { userId: (await db().user.findFirstOrThrow({ where: { role: "ADMIN" } })).id };

  const unfiltered = { since: null, sources: null, reason: null, titlePattern: null };
  const grouped = await db().$queryRaw<PairCountsRow[]>(pairCountsSql(unfiltered));
  const rows = grouped.flatMap(outcomeCounts);

  type Case = { name: string; run: () => Promise<unknown> };
  const cases: Case[] = [
    { name: `SELECT count(*) (baseline)`, run: () => db().$queryRaw`SELECT count(*) FROM "Comparison"` },
    { name: "fit + bootstrap alone (baseline)", run: () => Promise.resolve(computeStandings(rows)) },
    { name: "grouped query alone", run: () => db().$queryRaw(pairCountsSql(unfiltered)) },
    { name: "leaderboard, all time", run: () => getLeaderboard(actor, {}) },
    { name: "leaderboard, 30 days", run: () => getLeaderboard(actor, { period: "30d" }) },
    { name: "leaderboard, source arena", run: () => getLeaderboard(actor, { source: "arena" }) },
    { name: "leaderboard, reason incomplete", run: () => getLeaderboard(actor, { reason: "incomplete" }) },
    { name: "leaderboard, topic 'lisbon'", run: () => getLeaderboard(actor, { topic: "lisbon" }) },
  ];

  const times = new Map<string, number[]>(cases.map((c) => [c.name, []]));
  for (const c of cases) await c.run(); // warm-up: plans, caches, pool
  // Interleaved rounds, so that machine noise falls on every case alike.
  for (let round = 0; round < runs; round++) {
    for (const c of cases) {
      const start = performance.now();
      await c.run();
      times.get(c.name)!.push(performance.now() - start);
    }
  }

  const board = await getLeaderboard(actor, {});
  const count = median(times.get(cases[0]!.name)!);
  const fit = median(times.get(cases[1]!.name)!);
  console.log(
    `\nleaderboard on ${COMPARISONS.toLocaleString("en")} comparisons over ${MODELS} models ` +
      `(${board.rounds} bootstrap rounds, ${grouped.length} grouped rows; ${runs} runs each; ` +
      `${os.cpus().length} CPUs, load ${readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ")})\n`,
  );
  console.log("case                                  median ms   p95 ms  × count(*)  × fit alone");
  for (const c of cases) {
    const list = times.get(c.name)!;
    console.log(
      `${c.name.padEnd(36)} ${fmt(median(list), 1).padStart(10)} ${fmt(percentile(list, 95), 1).padStart(8)}` +
        ` ${fmt(median(list) / count, 2).padStart(11)} ${fmt(median(list) / fit, 2).padStart(11)}`,
    );
  }
  const top = board.standings
    .slice(0, 3)
    .map((s) => `${s.model} ${fmt(s.rating ?? NaN)} [${fmt(s.low ?? NaN)}, ${fmt(s.high ?? NaN)}]`);
  console.log(`\ntop 3: ${top.join("; ")}`);

  const explain = await sql.query<{ "QUERY PLAN": string }>(
    `EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${pairCountsSql(unfiltered).text}`,
  );
  console.log("\nEXPLAIN of the grouped query (all time, no filter):");
  console.log(explain.rows.map((row) => `  ${row["QUERY PLAN"]}`).join("\n"));
  await db().$disconnect();
}
