import { expect, test, type Page } from "@playwright/test";
import pg from "pg";
import { signUp, uniqueEmail } from "./helpers";

// Compare: two models side by side on the same input, streaming at once, each with its own figures;
// the vote after the run (by keyboard), stored as an arena comparison; and the columns stacked at
// phone width.
const column = (page: Page, letter: string) =>
  page.getByRole("region", { name: new RegExp(`^Answer ${letter}: `) });

async function arenaVotes(): Promise<{ preferred: boolean; bothBad: boolean }[]> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ preferred: boolean; bothBad: boolean }>(
      `SELECT ("preferredId" IS NOT NULL) AS "preferred", "bothBad" FROM "Comparison" WHERE "source" = 'arena'
         AND "userId" = (SELECT "id" FROM "User" WHERE "email" = $1)`,
      [email],
    );
    return rows;
  } finally {
    await client.end();
  }
}

let email = "";

test("compares two models side by side, votes by keyboard, and stacks at phone width", async ({ page }) => {
  email = uniqueEmail("compare");
  await signUp(page, "Comparer", email);
  await page.goto("/playground");
  await page.getByLabel("Compare", { exact: true }).check();
  await page.getByLabel("Model A").selectOption("offline-demo");
  await page.getByLabel("Model B").selectOption("fake-model");
  await page.getByLabel("Message 1", { exact: true }).fill("Name a colour.");
  await page.getByLabel("Message 1", { exact: true }).press("Control+Enter");

  await expect(column(page, "A")).toHaveAttribute("data-status", "complete", { timeout: 20_000 });
  await expect(column(page, "B")).toHaveAttribute("data-status", "complete", { timeout: 20_000 });
  await expect(column(page, "A")).toContainText("Offline demo answer");
  for (const letter of ["A", "B"]) {
    await expect(column(page, letter).getByText("Time to first token")).toBeVisible();
    await expect(column(page, letter).getByRole("definition").nth(2)).not.toHaveText("—");
  }
  // Side by side on a wide screen.
  const a = (await column(page, "A").boundingBox())!;
  const b = (await column(page, "B").boundingBox())!;
  expect(Math.abs(a.y - b.y)).toBeLessThan(2);
  expect(b.x).toBeGreaterThan(a.x + a.width - 1);

  // The vote, from the keyboard: Tab reaches the choices, Enter chooses.
  const vote = page.getByRole("group", { name: "Which is better?" });
  await expect(vote.getByRole("button")).toHaveText(["A is better", "B is better", "Tie", "Both are bad"]);
  await column(page, "B").getByRole("button", { name: "Bad response" }).focus();
  let reached = false;
  for (let i = 0; i < 6 && !reached; i++) {
    await page.keyboard.press("Tab");
    reached = await vote
      .getByRole("button", { name: "A is better" })
      .evaluate((el) => el === document.activeElement);
  }
  expect(reached).toBe(true);
  await page.keyboard.press("Enter");
  await expect(page.getByText("Thanks, your vote is saved.")).toBeVisible();
  await expect(vote.getByRole("button", { name: "A is better" })).toHaveAttribute("aria-pressed", "true");
  expect(await arenaVotes()).toEqual([{ preferred: true, bothBad: false }]);

  // Changed to "Both are bad": the same pair, updated.
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  await expect(vote.getByRole("button", { name: "Both are bad" })).toBeFocused();
  await page.keyboard.press("Space");
  await expect(vote.getByRole("button", { name: "Both are bad" })).toHaveAttribute("aria-pressed", "true");
  await expect.poll(arenaVotes).toEqual([{ preferred: false, bothBad: true }]);

  // At phone width the answers stack, full width, A above B.
  await page.setViewportSize({ width: 390, height: 844 });
  const phoneA = (await column(page, "A").boundingBox())!;
  const phoneB = (await column(page, "B").boundingBox())!;
  expect(Math.abs(phoneA.x - phoneB.x)).toBeLessThan(2);
  expect(phoneB.y).toBeGreaterThanOrEqual(phoneA.y + phoneA.height);
});
