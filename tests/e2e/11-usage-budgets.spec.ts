import { readFile } from "node:fs/promises";
import pg from "pg";
import { expect, test, type Page } from "@playwright/test";
import { signIn, signInAdmin, signOut, signUp, uniqueEmail } from "./helpers";
import { answers, send, waitForAnswer } from "./chat-helpers";

// The answers' own usage is recorded when each ends (lib/usage/record-usage.ts); to stay independent of
// the models used here, the user's spending this month is written into the rollup directly.
async function seedUsage(email: string) {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("This spec writes to the database: run it with TEST_DATABASE_URL set.");
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO "UsageDaily" ("day", "userId", "modelId", "source", "answers", "inputTokens", "cachedInputTokens", "outputTokens", "costUsd")
       SELECT (now() AT TIME ZONE 'UTC')::date, "id", 'offline-demo', 'chat', 3, 1500, 200, 500, 0.75
       FROM "User" WHERE "email" = $1`,
      [email],
    );
  } finally {
    await client.end();
  }
}

function resetDate(): string {
  const now = new Date();
  const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
  return new Intl.DateTimeFormat("en-GB", {
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  }).format(next);
}

async function openUsage(page: Page) {
  await page.goto("/admin");
  await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Usage" }).click();
  await expect(page.getByRole("heading", { name: "Usage", level: 1 })).toBeVisible();
}

test.describe.serial("usage and budgets", () => {
  const userEmail = uniqueEmail("spender");
  const draft = `Tell me about budgets ${Date.now().toString(36)}`;

  test("a user's month so far shows in Admin → Usage, in its CSV, and in their settings", async ({
    page,
  }) => {
    // The admin exists first, so the user is not the first account (which would make them an admin).
    await signInAdmin(page);
    await signOut(page);
    await signUp(page, "Spending Sam", userEmail);
    await seedUsage(userEmail);
    await page.goto("/settings");
    const usage = page.getByRole("region", { name: "Usage" });
    await expect(usage.getByText("$0.75").first()).toBeVisible();
    await expect(usage.getByText("No monthly limit applies to your account.")).toBeVisible();
    await expect(usage.getByRole("row", { name: /offline-demo 2,000 \$0\.75/ })).toBeVisible();
    // Admin work is not found for a user, the CSV included.
    expect((await page.request.get("/api/admin/usage/csv?days=7")).status()).toBe(404);
    await signOut(page);

    await signInAdmin(page);
    await openUsage(page);
    const perUser = page.getByRole("table", { name: "Tokens and cost per user" });
    await expect(perUser.getByRole("row", { name: new RegExp(`${userEmail}.*\\$0\\.75`) })).toBeVisible();
    await expect(page.getByRole("img", { name: /Cost per day/ })).toBeVisible();

    // Narrowed to the user by email, then the CSV of what is shown.
    const filters = page.getByRole("form", { name: "Usage filters" });
    await filters.getByLabel("User email").fill(userEmail);
    await filters.getByRole("button", { name: "Apply" }).click();
    await expect(page).toHaveURL(/user=/);
    await expect(page.getByRole("table", { name: "Tokens and cost per model" }).getByRole("row")).toHaveCount(
      2,
    );
    const downloading = page.waitForEvent("download");
    await page.getByRole("link", { name: "Download CSV" }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/^usage-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = (await readFile(await download.path(), "utf8")).trim().split("\r\n");
    expect(lines[0]).toBe(
      "day,user_id,email,model,source,answers,estimated_answers,input_tokens,cached_input_tokens,output_tokens,cost_usd",
    );
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(`,${userEmail},offline-demo,chat,3,0,1500,200,500,0.75`);
  });

  test("an admin sets a USD budget for users; the user is refused with their message kept", async ({
    page,
  }) => {
    await signInAdmin(page);
    await openUsage(page);
    const users = page.getByRole("form", { name: "Users budget" });
    await users.getByLabel("Monthly limit").fill("-1");
    await users.getByRole("button", { name: "Save" }).click();
    await expect(users.getByText("A budget cannot be negative.")).toBeVisible();
    await users.getByLabel("Monthly limit").fill("0.50");
    await users.getByLabel("Unit").selectOption("usd");
    await users.getByRole("button", { name: "Save" }).click();
    await expect(users.getByText("Users' budget saved.")).toBeVisible();
    await expect(users.getByText("$0.50 a month.")).toBeVisible();
    await signOut(page);

    await signIn(page, userEmail);
    await page.goto("/");
    await send(page, draft);
    await expect(page.getByRole("log", { name: "Messages" }).getByRole("alert")).toHaveText(
      `You have reached this month's limit of $0.50. It resets on ${resetDate()}.`,
    );
    // The question was not sent: it is back in the composer, and no conversation was started.
    await expect(page.getByRole("textbox", { name: "Message" })).toHaveValue(draft);
    await expect(page).toHaveURL(/\/$/);
    await page.goto("/settings");
    const usage = page.getByRole("region", { name: "Usage" });
    await expect(usage.getByText("Monthly limit: $0.50. Used: $0.75.")).toBeVisible();
    await expect(usage.getByText(`You have reached it; it resets on ${resetDate()}.`)).toBeVisible();
  });

  test("a per-user override wins over the role's budget, and removing it brings the limit back", async ({
    page,
  }) => {
    await signInAdmin(page);
    await openUsage(page);
    const add = page.getByRole("form", { name: "Add a user override" });
    await add.getByLabel("User email").fill("nobody-here@example.test");
    await add.getByLabel("Monthly limit").fill("100000");
    await add.getByLabel("Unit").selectOption("tokens");
    await add.getByRole("button", { name: "Save override" }).click();
    await expect(add.getByText("No account has that email.")).toBeVisible();
    await add.getByLabel("User email").fill(userEmail);
    await add.getByRole("button", { name: "Save override" }).click();
    await expect(add.getByText("Override saved.")).toBeVisible();
    const overrides = page.getByRole("table", { name: "Per-user budget overrides" });
    await expect(
      overrides.getByRole("row", { name: new RegExp(`${userEmail} 100,000 tokens`) }),
    ).toBeVisible();
    await signOut(page);

    await signIn(page, userEmail);
    await page.goto("/");
    await send(page, draft);
    await waitForAnswer(page);
    await expect(answers(page)).toHaveCount(1);
    await signOut(page);

    await signInAdmin(page);
    await openUsage(page);
    await page.getByRole("button", { name: `Remove the override of ${userEmail}` }).click();
    await expect(page.getByRole("table", { name: "Per-user budget overrides" })).toHaveCount(0);
    await page.goto("/admin/audit");
    await expect(page.getByRole("cell", { name: "budget.remove" }).first()).toBeVisible();
  });
});
