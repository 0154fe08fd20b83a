// npm run bench:usage — server time of Admin → Usage's data functions, the budget check the chat runs
// before every turn, and Settings → Usage, on a UsageDaily rollup holding a year of 300 users and 10
// models worth 1M+ answers; next to a `SELECT 1` round trip through the same client in the same run.
// In-process, no HTTP: the cost of the domain functions the page and the chat call.
//
// Two shapes of the rollup (--shape):
// - realistic (default): how answers really land in it. Each user sticks to 1-3 of the 10 models and is
//   active on about half the days, with 1-23 answers per model on such a day (mean 12): ~100k rows for
//   ~1.2M answers. UsageDaily has one row per (day, user, model, source), however many answers.
// - dense: the worst case for 1M answers, every (day, user, model) cell filled: 365 × 300 × 10 =
//   1,095,000 rows (so at least that many answers).
// Rows are made in SQL with generate_series (what recordUsage would have summed, answer by answer).
//
// Flags: --shape realistic|dense, --runs (measured runs per case, default 30). Uses a fresh database on
// TEST_DATABASE_URL's server (default postgresql://postgres@127.0.0.1:5432/postgres), dropped at the end.
// Run with the react-server condition (package.json does).
import os from "node:os";
import { parseArgs } from "node:util";
import pg from "pg";
import { createTestDatabase } from "../../tests/helpers/database";
import { fmt, median, percentile } from "./lib/stats";

const { values } = parseArgs({
  options: { shape: { type: "string" }, runs: { type: "string" } },
  strict: true,
});
const shape = values.shape ?? "realistic";
if (shape !== "realistic" && shape !== "dense") throw new Error("--shape is realistic or dense");
const runs = Number(values.runs ?? 30);
if (!Number.isInteger(runs) || runs < 1) throw new Error("--runs must be a whole number ≥ 1");

process.env.TEST_DATABASE_URL ??= "postgresql://postgres@127.0.0.1:5432/postgres";
const database = await createTestDatabase();
const sql = new pg.Client({ connectionString: database.url });
await sql.connect();

const USERS = 300;
const DAYS = 365;
const started = performance.now();
await sql.query(
  `INSERT INTO "User" ("email", "name", "role", "updatedAt")
   SELECT 'bench-usage-' || lpad(g::text, 4, '0') || '@example.test', 'Bench ' || g, 'USER', now()
   FROM generate_series(0, $1::int - 1) g`,
  [USERS],
);
await sql.query(
  `INSERT INTO "User" ("email", "name", "role", "updatedAt") VALUES ('bench-usage-admin@example.test', 'Admin', 'ADMIN', now())`,
);
const models =
  shape === "dense"
    ? `CROSS JOIN generate_series(0, 9) AS m(m)`
    : `CROSS JOIN LATERAL (
         SELECT DISTINCT x AS m
         FROM (VALUES (u.n % 10, true), ((u.n * 3 + 1) % 10, u.n % 2 = 0), ((u.n * 7 + 2) % 10, u.n % 3 = 0)) v(x, used)
         WHERE used) m`;
const active = shape === "dense" ? "" : `WHERE abs(hashtext(d.i || ':' || u.n)) % 100 < 50`;
const perCell = shape === "dense" ? 3 : 23;
// Prices per 1M tokens grow with the model's number: input $0.15 … $13.65, output 4× input.
await sql.query(`
  INSERT INTO "UsageDaily" ("day", "userId", "modelId", "source", "answers", "estimatedAnswers",
                            "inputTokens", "cachedInputTokens", "outputTokens", "costUsd")
  SELECT d.day, u.id, 'model-' || m.m, CASE WHEN (u.n + d.i) % 7 = 0 THEN 'api' ELSE 'chat' END,
         a.n, a.n / 5, a.n * 850, a.n * 200, a.n * 310,
         a.n * (850 * (0.15 * (1 + m.m * 9)) + 310 * (0.6 * (1 + m.m * 9))) / 1e6
  FROM (SELECT i, (now() AT TIME ZONE 'UTC')::date - ${DAYS - 1} + i AS day FROM generate_series(0, ${DAYS - 1}) i) d
  CROSS JOIN (SELECT "id", (row_number() OVER (ORDER BY "email") - 1)::int AS n FROM "User" WHERE "role" = 'USER') u
  ${models}
  CROSS JOIN LATERAL (SELECT 1 + abs(hashtext(d.i || ':' || u.n || ':' || m.m)) % ${perCell} AS n) a
  ${active}`);
await sql.query(`ANALYZE "UsageDaily"`);
const [counts] = (
  await sql.query<{ rows: string; answers: string }>(
    `SELECT count(*)::text AS rows, sum("answers")::text AS answers FROM "UsageDaily"`,
  )
).rows;
console.error(`seeded in ${((performance.now() - started) / 1000).toFixed(1)} s`);

// lib/env.ts reads process.env on first use: the settings must be in place before lib is imported.
Object.assign(process.env, {
  DATABASE_URL: database.url,
  AUTH_SECRET: "bench-secret-bench-secret-bench-secret-bench",
  NODE_ENV: "production",
});
const { db } = await import("../../lib/db/client");
const { getUsageReport } = await import("../../lib/usage/usage-report");
const { budgetStatus } = await import("../../lib/usage/budget");
const { getMyUsage } = await import("../../lib/usage/my-usage");
const { listBudgets } = await import("../../lib/usage/budgets");
const { usageReportSql } = await import("../../lib/usage/usage-report-sql");

const admin = await db().user.findFirstOrThrow({ where: { role: "ADMIN" }, select: { id: true } });
const actor = { userId: admin.id };
const someone = await db().user.findFirstOrThrow({
  where: { email: "bench-usage-0042@example.test" },
  select: { id: true, email: true },
});
// A second user whose role has a budget, to time the check that also sums the month.
const budgeted = await db().user.findFirstOrThrow({
  where: { email: "bench-usage-0043@example.test" },
  select: { id: true },
});

type Case = { name: string; run: () => Promise<unknown> };
const cases: Case[] = [
  { name: "SELECT 1 (baseline)", run: () => db().$queryRaw`SELECT 1` },
  { name: "budget check, no budgets (chat)", run: () => budgetStatus(someone.id) },
  {
    name: "budget check, role budget (chat)",
    run: () => budgetStatus(budgeted.id),
  },
  { name: "settings: my usage this month", run: () => getMyUsage({ userId: someone.id }) },
  { name: "report, 7 days", run: () => getUsageReport(actor, { days: "7" }) },
  { name: "report, 30 days", run: () => getUsageReport(actor, { days: "30" }) },
  { name: "report, 90 days", run: () => getUsageReport(actor, { days: "90" }) },
  { name: "report, 365 days", run: () => getUsageReport(actor, { days: "365" }) },
  {
    name: "report, 30 days, one user",
    run: () => getUsageReport(actor, { days: "30", user: someone.email }),
  },
  { name: "report, 90 days, one model", run: () => getUsageReport(actor, { days: "90", model: "model-3" }) },
  { name: "budgets list", run: () => listBudgets(actor) },
];

const times = new Map<string, number[]>(cases.map((c) => [c.name, []]));
// The "no budgets" case first, alone, then a role budget for everyone: the second check case runs with it.
for (const c of cases.slice(0, 2)) await c.run();
for (let round = 0; round < runs; round++) {
  const start = performance.now();
  await cases[1]!.run();
  times.get(cases[1]!.name)!.push(performance.now() - start);
}
await db().budget.create({ data: { role: "USER", unit: "usd", monthlyLimit: 1_000_000 } });
const measured = cases.filter((_, i) => i !== 1);
for (const c of measured) await c.run(); // warm-up: plans, caches, pool
// Interleaved rounds, so that machine noise falls on every case alike.
for (let round = 0; round < runs; round++) {
  for (const c of measured) {
    const start = performance.now();
    await c.run();
    times.get(c.name)!.push(performance.now() - start);
  }
}

const baseline = median(times.get(cases[0]!.name)!);
console.log(
  `\nusage on ${Number(counts!.rows).toLocaleString("en")} UsageDaily rows (${shape}) = ` +
    `${Number(counts!.answers).toLocaleString("en")} answers, ${USERS} users, 10 models, ${DAYS} days ` +
    `(${runs} runs each; load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")})\n`,
);
console.log("case                                   median ms   p95 ms   × SELECT 1");
for (const c of cases) {
  const list = times.get(c.name)!;
  console.log(
    `${c.name.padEnd(38)} ${fmt(median(list), 2).padStart(9)} ${fmt(percentile(list, 95), 2).padStart(8)} ${fmt(median(list) / baseline, 1).padStart(11)}`,
  );
}

const today = new Date().toISOString().slice(0, 10);
const from = new Date(Date.now() - 29 * 86_400_000).toISOString().slice(0, 10);
const statement = usageReportSql({ from, to: today, userId: null, modelId: null });
const plan = await sql.query<{ "QUERY PLAN": string }>(
  `EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${statement.text.replace(/\$(\d+)/g, (_, n: string) => `'${String(statement.values[Number(n) - 1])}'`)}`,
);
console.log("\nEXPLAIN of the 30-day report query:");
console.log(plan.rows.map((row) => `  ${row["QUERY PLAN"]}`).join("\n"));

await db().$disconnect();
await sql.end();
await database.drop();
