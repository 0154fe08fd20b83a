// npm run bench:admin — server time of the admin console's queries on a database holding 1,000,000
// feedback rows over 50,000 conversations and 5 models (the feedback seed), next to a `SELECT 1` round
// trip through the same Prisma client in the same run. In-process, no HTTP: the cost of the domain
// functions the pages call. Prints the EXPLAIN of the list query too.
//
// Flags: the seed's (--feedback, --conversations, --models, --users, --url, --reseed) plus --runs
// (measured runs per case, default 30). Run with the react-server condition (package.json does).
import { parseArgs } from "node:util";
import { seedFeedback } from "../seed/feedback-seed";
import { seedArgOptions, seedArgsFrom } from "../seed/seed-args";
import { fmt, median, percentile } from "./lib/stats";

const { values } = parseArgs({ options: { ...seedArgOptions, runs: { type: "string" } }, strict: true });
const seedArgs = seedArgsFrom(values);
const runs = Number(values.runs ?? 30);
if (!Number.isInteger(runs) || runs < 1) throw new Error("--runs must be a whole number ≥ 1");

const seed = await seedFeedback({ ...seedArgs, log: (line) => console.error(line) });

// lib/env.ts reads process.env on first use: the settings must be in place before lib is imported.
Object.assign(process.env, {
  DATABASE_URL: seedArgs.url,
  AUTH_SECRET: "bench-secret-bench-secret-bench-secret-bench",
  NODE_ENV: "production",
});
const { db } = await import("../../lib/db/client");
const { migrate } = await import("../../lib/db/migrate");
const { listFeedback } = await import("../../lib/admin/feedback-list");
const { getFeedbackDetail } = await import("../../lib/admin/feedback-detail");
const { encodeCursor } = await import("../../lib/pagination/list-cursor");
await migrate(seedArgs.url);

const admin = await db().user.findFirst({ where: { role: "ADMIN", disabledAt: null }, select: { id: true } });
if (!admin) throw new Error("The seed has no active admin.");
const actor = { userId: admin.id };

/** The cursor that starts page `page` (30 rows each) under a SQL filter, found once with OFFSET. */
async function cursorOfPage(page: number, where: string): Promise<string> {
  const rows = await db().$queryRawUnsafe<{ createdAt: Date; id: string }[]>(
    `SELECT "createdAt", "id" FROM "Feedback" f ${where} ORDER BY "createdAt" DESC, "id" DESC OFFSET ${(page - 1) * 30 - 1} LIMIT 1`,
  );
  if (!rows[0]) throw new Error(`page ${page} does not exist under ${where}`);
  return encodeCursor(rows[0]);
}

const models = (
  await db().$queryRaw<{ modelId: string }[]>`
  SELECT "modelId" FROM "Feedback" WHERE "modelId" IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`
)[0]!.modelId;
const sample = await db().feedback.findFirstOrThrow({
  where: { rating: "down", comment: { not: "" } },
  orderBy: { createdAt: "desc" },
  select: { id: true },
});

type Case = { name: string; run: () => Promise<unknown> };
const cases: Case[] = [
  { name: "SELECT 1 (baseline)", run: () => db().$queryRaw`SELECT 1` },
  { name: "list, page 1, no filter", run: () => listFeedback(actor, {}) },
  {
    name: "list, page 1,000, no filter",
    run: (() => {
      const after = cursorOfPage(1000, "");
      return async () => listFeedback(actor, { after: await after });
    })(),
  },
  { name: "list, page 1, Bad response", run: () => listFeedback(actor, { rating: "down" }) },
  {
    name: "list, page 1,000, Bad response",
    run: (() => {
      const after = cursorOfPage(1000, `WHERE f."rating" = 'down'`);
      return async () => listFeedback(actor, { rating: "down", after: await after });
    })(),
  },
  {
    name: "list, page 1, Bad + model + pending",
    run: () => listFeedback(actor, { rating: "down", model: models, status: "pending" }),
  },
  { name: "list, page 1, reason Outdated", run: () => listFeedback(actor, { reason: "outdated" }) },
  { name: "list, page 1, has comment", run: () => listFeedback(actor, { hasComment: "1" }) },
  { name: "list, page 1, reviewed", run: () => listFeedback(actor, { status: "reviewed" }) },
  { name: "list, page 1, last 7 days", run: () => listFeedback(actor, { from: daysAgo(7) }) },
  { name: "list, page 1, text search", run: () => listFeedback(actor, { q: "latency" }) },
  { name: "detail (incl. audit write)", run: () => getFeedbackDetail(actor, sample.id) },
];

// The overview is built by its own module; measured when it exists.
try {
  const overview = (await import("../../lib/admin/overview/get-overview")) as {
    getOverview?: (actor: { userId: string }, raw: unknown) => Promise<unknown>;
  };
  if (overview.getOverview) {
    for (const days of [7, 30, 90]) {
      cases.push({ name: `overview, ${days} days`, run: () => overview.getOverview!(actor, { days }) });
    }
  }
} catch (error) {
  console.error("overview not measured:", error instanceof Error ? error.message : error);
}

function daysAgo(days: number): string {
  return new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
}

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

const baseline = median(times.get(cases[0]!.name)!);
console.log(
  `\nadmin console on ${seed.counts.feedback.toLocaleString("en")} feedback rows, ` +
    `${seed.counts.conversations.toLocaleString("en")} conversations (${runs} runs each)\n`,
);
console.log("case                                   median ms   p95 ms   × SELECT 1");
for (const c of cases) {
  const list = times.get(c.name)!;
  console.log(
    `${c.name.padEnd(38)} ${fmt(median(list), 2).padStart(9)} ${fmt(percentile(list, 95), 2).padStart(8)} ${fmt(median(list) / baseline, 1).padStart(11)}`,
  );
}

const explain = await db().$queryRawUnsafe<{ "QUERY PLAN": string }[]>(`
  EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
  SELECT f."id", f."createdAt", f."rating"::text, f."reasons", left(f."comment", 160), f."reviewStatus"::text,
         f."modelId", f."userId", u."name", left(m."text", 160)
  FROM "Feedback" f JOIN "Message" m ON m."id" = f."messageId" JOIN "User" u ON u."id" = f."userId"
  WHERE f."rating" = 'down'::"Rating"
    AND (f."createdAt", f."id") < ('${new Date(Date.now() - 30 * 86_400_000).toISOString()}'::timestamptz AT TIME ZONE 'UTC', 'ffffffff-ffff-ffff-ffff-ffffffffffff'::uuid)
  ORDER BY f."createdAt" DESC, f."id" DESC LIMIT 31`);
console.log("\nEXPLAIN of the list query (Bad response, a page 30 days back):");
console.log(explain.map((row) => `  ${row["QUERY PLAN"]}`).join("\n"));
await db().$disconnect();
