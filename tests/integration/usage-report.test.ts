import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { getUsageReport } from "@/lib/usage/usage-report";
import { openUsageCsv } from "@/lib/usage/usage-csv";
import { recordUsage } from "@/lib/usage/record-usage";
import { AppError } from "@/lib/errors/app-error";
import { createUser } from "../helpers/factories";
import { resetDatabase } from "../helpers/reset";
import { insertUsage, utcDay } from "../helpers/usage-rows";

beforeEach(resetDatabase);

async function readCsv(csv: Awaited<ReturnType<typeof openUsageCsv>>): Promise<string> {
  let text = "";
  for await (const chunk of csv.lines) text += chunk;
  return text;
}

async function world() {
  const admin = await createUser({ role: "ADMIN", email: "admin@example.test" });
  const ana = await createUser({ email: "ana@example.test" });
  const bo = await createUser({ email: "bo@example.test" });
  const gone = randomUUID(); // an account deleted since: the rollup keeps its spending
  const [d0, d1, d2] = [utcDay(0), utcDay(-1), utcDay(-2)];
  await insertUsage({
    day: d0,
    userId: ana.user.id,
    modelId: "model-a",
    inputTokens: 100,
    cachedInputTokens: 40,
    outputTokens: 50,
    costUsd: 0.5,
    answers: 2,
  });
  await insertUsage({
    day: d0,
    userId: ana.user.id,
    modelId: "model-b",
    inputTokens: 10,
    outputTokens: 5,
    costUsd: 0.01,
  });
  await insertUsage({
    day: d0,
    userId: ana.user.id,
    modelId: "model-a",
    source: "api",
    inputTokens: 1,
    outputTokens: 1,
    costUsd: 0.002,
  });
  await insertUsage({
    day: d1,
    userId: bo.user.id,
    modelId: "model-a",
    inputTokens: 1000,
    outputTokens: 500,
    costUsd: 2,
    estimatedAnswers: 1,
  });
  await insertUsage({
    day: d2,
    userId: gone,
    modelId: "model-b",
    inputTokens: 7,
    outputTokens: 3,
    costUsd: 0.25,
  });
  // Outside a 7-day period.
  await insertUsage({
    day: utcDay(-10),
    userId: bo.user.id,
    modelId: "model-a",
    inputTokens: 99,
    costUsd: 9,
  });
  return { admin, ana, bo, gone, d0, d1, d2 };
}

describe("Admin → Usage report", () => {
  it("sums tokens and cost per day, per user and per model over the period, with totals", async () => {
    const w = await world();
    const report = await getUsageReport(w.admin.actor, { days: "7" });
    expect(report.filter).toMatchObject({ from: utcDay(-6), to: utcDay(0), days: 7 });
    expect(report.totals).toEqual({
      answers: 6,
      estimatedAnswers: 1,
      inputTokens: 1118,
      cachedInputTokens: 40,
      outputTokens: 559,
      costUsd: report.totals.costUsd,
    });
    expect(report.totals.costUsd).toBeCloseTo(2.762, 9);
    expect(report.days).toHaveLength(7);
    expect(report.days.map((d) => d.day)).toEqual([-6, -5, -4, -3, -2, -1, 0].map((n) => utcDay(n)));
    const byDay = Object.fromEntries(report.days.map((d) => [d.day, d]));
    expect(byDay[w.d0]).toMatchObject({ answers: 4, inputTokens: 111, outputTokens: 56 });
    expect(byDay[w.d1]).toMatchObject({ answers: 1, inputTokens: 1000, costUsd: 2 });
    expect(byDay[utcDay(-3)]).toMatchObject({ answers: 0, costUsd: 0 });
    // Most expensive first; a deleted account has no email.
    expect(report.users.map((u) => [u.email, u.inputTokens, u.costUsd])).toEqual([
      ["bo@example.test", 1000, 2],
      ["ana@example.test", 111, expect.closeTo(0.512, 9)],
      [null, 7, 0.25],
    ]);
    expect(report.userCount).toBe(3);
    expect(report.models.map((m) => [m.modelId, m.answers, m.costUsd])).toEqual([
      ["model-a", 4, expect.closeTo(2.502, 9)],
      ["model-b", 2, expect.closeTo(0.26, 9)],
    ]);
  });

  it("filters by user (email or id) and by model", async () => {
    const w = await world();
    const byEmail = await getUsageReport(w.admin.actor, { days: "7", user: "ANA@example.test" });
    expect(byEmail.totals).toMatchObject({ answers: 4, inputTokens: 111 });
    expect(byEmail.users.map((u) => u.email)).toEqual(["ana@example.test"]);
    const byId = await getUsageReport(w.admin.actor, { days: "7", user: w.gone });
    expect(byId.totals).toMatchObject({ answers: 1, costUsd: 0.25 });
    const byModel = await getUsageReport(w.admin.actor, { days: "30", model: "model-a" });
    expect(byModel.totals.inputTokens).toBe(1200);
    expect(byModel.totals.costUsd).toBeCloseTo(11.502, 9);
    expect(byModel.models.map((m) => m.modelId)).toEqual(["model-a"]);
  });

  it("names each model as the registry knows it now, and keeps ids it no longer knows", async () => {
    const w = await world();
    await insertUsage({ day: w.d0, userId: w.ana.user.id, modelId: "offline-demo", inputTokens: 5 });
    const report = await getUsageReport(w.admin.actor, { days: "7" });
    const names = Object.fromEntries(report.models.map((m) => [m.modelId, m.name]));
    expect(names).toEqual({ "model-a": null, "model-b": null, "offline-demo": "Offline demo" });
  });

  it("takes a custom period, UTC days, both ends included", async () => {
    const w = await world();
    const report = await getUsageReport(w.admin.actor, { from: w.d2, to: w.d1 });
    expect(report.days.map((d) => d.day)).toEqual([w.d2, w.d1]);
    expect(report.totals).toMatchObject({ answers: 2, inputTokens: 1007, costUsd: 2.25 });
  });

  it("answers a bad filter with a field error, and an unknown email too", async () => {
    const w = await world();
    const fieldsOf = (raw: object) =>
      getUsageReport(w.admin.actor, raw).then(
        () => null,
        (error: unknown) => (error instanceof AppError ? [error.code, error.fieldErrors] : error),
      );
    expect(await fieldsOf({ from: "2026-05-02", to: "2026-05-01" })).toEqual([
      "VALIDATION",
      { to: "The last day is before the first." },
    ]);
    expect(await fieldsOf({ days: "3" })).toEqual([
      "VALIDATION",
      { days: "The period is 7, 30, 90 or 365 days." },
    ]);
    expect(await fieldsOf({ user: "nobody@example.test" })).toEqual([
      "VALIDATION",
      { user: "No account has that email." },
    ]);
  });

  it("counts what recordUsage adds when answers end", async () => {
    const { actor } = await createUser({ role: "ADMIN" });
    const { user } = await createUser();
    const answer = {
      userId: user.id,
      modelId: "m",
      source: "chat",
      inputTokens: 3,
      cachedInputTokens: 0,
      outputTokens: 4,
      costUsd: 0.1,
    };
    await recordUsage({ ...answer, estimated: true });
    await recordUsage({ ...answer, estimated: false, costUsd: null });
    const report = await getUsageReport(actor, {});
    expect(report.totals).toEqual({
      answers: 2,
      estimatedAnswers: 1,
      inputTokens: 6,
      cachedInputTokens: 0,
      outputTokens: 8,
      costUsd: 0.1,
    });
  });
});

describe("Admin → Usage CSV", () => {
  it("has one line per day, user, model and source, escaped and defused", async () => {
    const w = await world();
    const tricky = await createUser({ email: "=cmd|calc@example.test" });
    await insertUsage({
      day: w.d0,
      userId: tricky.user.id,
      modelId: '+evil,"model"',
      inputTokens: 1,
      costUsd: 0.5,
    });
    const csv = await openUsageCsv(w.admin.actor, { days: "7" });
    expect(csv.filename).toBe(`usage-${utcDay(-6)}-to-${utcDay(0)}.csv`);
    const lines = (await readCsv(csv)).split("\r\n");
    expect(lines[0]).toBe(
      "day,user_id,email,model,source,answers,estimated_answers,input_tokens,cached_input_tokens,output_tokens,cost_usd",
    );
    expect(lines.at(-1)).toBe(""); // every line ends with CRLF
    const body = lines.slice(1, -1);
    expect(body).toHaveLength(6);
    expect(body).toContain(`${w.d0},${w.ana.user.id},ana@example.test,model-a,api,1,0,1,0,1,0.002`);
    expect(body).toContain(`${w.d0},${w.ana.user.id},ana@example.test,model-a,chat,2,0,100,40,50,0.5`);
    expect(body).toContain(`${w.d2},${w.gone},Deleted user,model-b,chat,1,0,7,0,3,0.25`);
    expect(body).toContain(
      `${w.d0},${tricky.user.id},'=cmd|calc@example.test,"'+evil,""model""",chat,1,0,1,0,0,0.5`,
    );
    // Ordered by day, then user, model and source.
    expect(body.map((line) => line.slice(0, 10))).toEqual([...body.map((line) => line.slice(0, 10))].sort());
  });

  it("pages through more rows than one query returns, and honours the filters", async () => {
    const { actor } = await createUser({ role: "ADMIN" });
    const { user } = await createUser();
    // 5,003 rows on one day: a page is 5,000.
    await db().$executeRaw`
      INSERT INTO "UsageDaily" ("day", "userId", "modelId", "source", "answers", "inputTokens", "costUsd")
      SELECT (now() AT TIME ZONE 'UTC')::date, ${user.id}::uuid, 'm-' || lpad(g::text, 5, '0'), 'chat', 1, g, 0
      FROM generate_series(1, 5003) g`;
    const lines = (await readCsv(await openUsageCsv(actor, { days: "7" }))).split("\r\n").slice(1, -1);
    expect(lines).toHaveLength(5003);
    expect(new Set(lines).size).toBe(5003);
    expect(lines[5002]).toContain(",m-05003,chat,1,0,5003,");
    const one = (await readCsv(await openUsageCsv(actor, { days: "7", model: "m-00042" }))).split("\r\n");
    expect(one).toHaveLength(3);
  });
});
