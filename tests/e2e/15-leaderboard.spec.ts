import pg from "pg";
import { expect, test } from "@playwright/test";
import { ADMIN_EMAIL, signInAdmin, signUp, uniqueEmail } from "./helpers";

// The comparisons are written straight into the database (hundreds of votes would take many clicks),
// as the feedback functions store them: models frozen on each pair. The spec first removes what an
// earlier run of it wrote, so it holds when repeated on one database. Its models have far more votes
// than other specs leave, so they form the group the leaderboard ranks.
const TITLE = "Leaderboard e2e seed";
const [ALPHA, BETA, GAMMA, RARE] = ["e2e-lb-alpha", "e2e-lb-beta", "e2e-lb-gamma", "e2e-lb-rare"];

type Plan = { a: string; b: string; outcome: "a" | "b" | "tie" | "bothBad"; source: string; count: number };
const PLAN: Plan[] = [
  // alpha vs beta: 300 in all, alpha wins 200 and ties 20: 70.0 %.
  { a: ALPHA, b: BETA, outcome: "a", source: "arena", count: 140 },
  { a: ALPHA, b: BETA, outcome: "b", source: "arena", count: 40 },
  { a: ALPHA, b: BETA, outcome: "tie", source: "arena", count: 20 },
  { a: ALPHA, b: BETA, outcome: "a", source: "explicit", count: 60 },
  { a: ALPHA, b: BETA, outcome: "b", source: "explicit", count: 40 },
  { a: BETA, b: GAMMA, outcome: "a", source: "arena", count: 180 },
  { a: BETA, b: GAMMA, outcome: "b", source: "arena", count: 100 },
  { a: BETA, b: GAMMA, outcome: "bothBad", source: "arena", count: 20 },
  { a: ALPHA, b: GAMMA, outcome: "a", source: "ratings", count: 180 },
  { a: ALPHA, b: GAMMA, outcome: "b", source: "ratings", count: 70 },
  // Five votes: not enough data.
  { a: RARE, b: ALPHA, outcome: "a", source: "explicit", count: 2 },
  { a: RARE, b: ALPHA, outcome: "b", source: "explicit", count: 3 },
];
const ANSWERS_PER_MODEL = 40;

async function withDatabase<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("This spec writes to the database: run it with TEST_DATABASE_URL set.");
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The public-leaderboard switch, set as Admin settings would (the audit is not what is tested here). */
const setPublic = (value: boolean) =>
  withDatabase((client) =>
    client.query(
      `INSERT INTO "AppSettings" ("id", "leaderboardPublic", "updatedAt") VALUES (1, $1, now())
       ON CONFLICT ("id") DO UPDATE SET "leaderboardPublic" = $1, "updatedAt" = now()`,
      [value],
    ),
  );

async function seedComparisons() {
  await withDatabase(async (client) => {
    await client.query(`DELETE FROM "Conversation" WHERE "title" = $1`, [TITLE]);
    const { rows: conv } = await client.query<{ id: string; userId: string; promptId: string }>(
      `WITH c AS (
         INSERT INTO "Conversation" ("userId", "title", "updatedAt")
         SELECT "id", $2, now() FROM "User" WHERE "email" = $1 RETURNING "id", "userId")
       INSERT INTO "Message" ("conversationId", "role", "text", "updatedAt")
       SELECT c."id", 'user', 'Which answer is better?', now() FROM c
       RETURNING "conversationId" AS "id", (SELECT "userId" FROM c) AS "userId", "id" AS "promptId"`,
      [ADMIN_EMAIL, TITLE],
    );
    const { id: conversationId, userId, promptId } = conv[0]!;
    const answers = new Map<string, string[]>();
    for (const model of [ALPHA, BETA, GAMMA, RARE]) {
      const { rows } = await client.query<{ id: string }>(
        `INSERT INTO "Message" ("conversationId", "parentId", "role", "text", "modelId", "updatedAt")
         SELECT $1, $2, 'assistant', 'An answer by ' || $3, $3, now() FROM generate_series(1, $4)
         RETURNING "id"`,
        [conversationId, promptId, model, ANSWERS_PER_MODEL],
      );
      answers.set(
        model,
        rows.map((row) => row.id),
      );
    }
    // Every comparison a distinct pair of answers (one user compares a pair once).
    const used = new Map<string, number>();
    const columns: string[][] = [[], [], [], [], [], [], []];
    for (const { a, b, outcome, source, count } of PLAN) {
      for (let i = 0; i < count; i++) {
        const k = used.get(`${a}:${b}`) ?? 0;
        used.set(`${a}:${b}`, k + 1);
        const answerA = answers.get(a)![k % ANSWERS_PER_MODEL]!;
        const answerB = answers.get(b)![Math.floor(k / ANSWERS_PER_MODEL)]!;
        const preferred = outcome === "a" ? answerA : outcome === "b" ? answerB : "";
        for (const [j, value] of [
          answerA,
          answerB,
          preferred,
          String(outcome === "bothBad"),
          a,
          b,
          source,
        ].entries())
          columns[j]!.push(value);
      }
    }
    await client.query(
      `INSERT INTO "Comparison" ("userId", "conversationId", "promptId", "answerAId", "answerBId", "preferredId",
                                 "bothBad", "modelA", "modelB", "source", "updatedAt")
       SELECT $1, $2, $3, x.a, x.b, NULLIF(x.p, '')::uuid, x.bad, x.ma, x.mb, x.s::"ComparisonSource", now()
       FROM unnest($4::uuid[], $5::uuid[], $6::text[], $7::boolean[], $8::text[], $9::text[], $10::text[])
            AS x(a, b, p, bad, ma, mb, s)`,
      [userId, conversationId, promptId, ...columns],
    );
  });
}

test("an admin reads the leaderboard, its win rates and who lacks data, and filters by source", async ({
  page,
}) => {
  await signInAdmin(page);
  await seedComparisons();

  await page.goto("/admin");
  await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Leaderboard" }).click();
  await expect(page).toHaveURL(/\/admin\/leaderboard$/);
  await expect(page.getByRole("heading", { level: 1, name: "Leaderboard" })).toBeVisible();

  const table = page.getByRole("table", { name: "Leaderboard" });
  const row = (model: string) =>
    table.getByRole("row").filter({ has: page.getByRole("rowheader", { name: model }) });
  // Ranked: a rank, a rating and its interval, the votes (300 + 250 + 5) and the win rate.
  const alpha = row(ALPHA).getByRole("cell");
  await expect(alpha.nth(0)).toHaveText(/^\d+$/);
  await expect(alpha.nth(1)).toHaveText(/^\d{1,3}(,\d{3})*$/);
  await expect(alpha.nth(2)).toHaveText(/^\d[\d,]* – \d[\d,]*$/);
  await expect(alpha.nth(3)).toHaveText("555");
  const rank = async (model: string) => Number(await row(model).getByRole("cell").first().textContent());
  expect(await rank(ALPHA)).toBeLessThan(await rank(BETA));
  expect(await rank(BETA)).toBeLessThan(await rank(GAMMA));
  // Five votes: shown, not ranked.
  await expect(row(RARE)).toContainText("Not enough data");
  await expect(row(RARE)).toContainText("fewer than 20 votes");
  await expect(row(RARE).getByRole("cell").first()).toHaveText("—");

  // The win-rate matrix: alpha won 70.0 % of its 300 comparisons with beta, as text, not colour only.
  const matrix = page.getByRole("table", { name: /Win rate of the row model against the column model/ });
  const alphaRow = matrix.getByRole("row").filter({ has: page.getByRole("rowheader", { name: ALPHA }) });
  await expect(alphaRow).toContainText("70.0%n = 300");
  await expect(alphaRow).toContainText("60.0%n = 5");

  // Arena votes only: alpha has its 200 arena comparisons with beta, and the rare model none.
  await page.getByLabel("Source").selectOption({ label: "Arena votes" });
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/\/admin\/leaderboard\?source=arena$/);
  await expect(row(ALPHA).getByRole("cell").nth(3)).toHaveText("200");
  await expect(row(RARE)).toHaveCount(0);
  await expect(page.getByLabel("Source")).toHaveValue("arena");

  // The filter is in the URL: a reload keeps it, and "Clear all filters" goes back to everything.
  await page.reload();
  await expect(row(ALPHA).getByRole("cell").nth(3)).toHaveText("200");
  await page.getByRole("link", { name: "Clear all filters" }).click();
  await expect(row(ALPHA).getByRole("cell").nth(3)).toHaveText("555");
});

test("users see the leaderboard only while an admin has made it public", async ({ page }) => {
  await signInAdmin(page);
  await seedComparisons();
  await page.context().clearCookies();
  await signUp(page, "Lee Reader", uniqueEmail("leaderboard-reader"));
  try {
    await setPublic(false);
    // Each instance keeps the switches for up to 4 s: wait until this one has seen the change.
    await expect(async () => {
      await page.goto("/leaderboard");
      await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 15_000 });
    await page.goto("/");
    await expect(page.getByRole("link", { name: "Leaderboard" })).toHaveCount(0);

    await setPublic(true);
    await expect(async () => {
      await page.goto("/");
      await expect(page.getByRole("link", { name: "Leaderboard" })).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 15_000 });
    await page.getByRole("link", { name: "Leaderboard" }).click();
    await expect(page).toHaveURL(/\/leaderboard$/);
    const table = page.getByRole("table", { name: "Leaderboard" });
    await expect(table.getByRole("rowheader", { name: ALPHA })).toBeVisible();
    await expect(page.getByRole("table", { name: /Win rate of the row model/ })).toBeVisible();
    // Read-only, and without the topic filter (others' conversation titles are not the user's to probe).
    await expect(page.getByLabel("Source")).toBeVisible();
    await expect(page.getByLabel("Topic")).toHaveCount(0);
  } finally {
    await setPublic(false);
  }
});
