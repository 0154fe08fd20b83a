import { expect, test } from "@playwright/test";
import { signIn, signInAdmin, signOut, signUp, uniqueEmail } from "./helpers";
import { answers, send, waitForAnswer } from "./chat-helpers";

test.describe.serial("admin review of feedback", () => {
  const userEmail = uniqueEmail("rated");
  const token = `quokka${Date.now().toString(36)}`;
  let detailUrl = "";

  test("a user rates three answers", async ({ page }) => {
    // The admin exists first, so the user is not the first account (which would make them an admin).
    await signInAdmin(page);
    await signOut(page);
    await signUp(page, "Rated Ruth", userEmail);
    const ratings: ("Good response" | "Bad response")[] = ["Bad response", "Bad response", "Good response"];
    for (const [index, rating] of ratings.entries()) {
      await send(page, `Question ${index + 1} about ${token}`);
      await waitForAnswer(page);
      const answer = answers(page).nth(index);
      await answer.getByRole("button", { name: rating }).click();
      await expect(answer.getByRole("button", { name: rating })).toHaveAttribute("aria-pressed", "true");
      const panel = page.getByRole("dialog", { name: "Feedback" });
      if (index === 0) {
        await panel.getByRole("button", { name: "Not factually correct" }).click();
        await panel.getByRole("textbox", { name: "Comment" }).fill("The capital is wrong");
        await panel.getByRole("button", { name: "Submit feedback" }).click();
        await expect(page.getByText("Thanks for your feedback!")).toBeVisible();
      } else {
        await panel.getByRole("button", { name: "Close feedback" }).click();
      }
    }
  });

  test("an admin filters to bad ratings, reads one in its conversation, corrects it and marks it reviewed", async ({
    page,
  }) => {
    await signInAdmin(page);
    await page.goto("/admin");
    await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Feedback" }).click();
    await expect(page.getByRole("heading", { name: "Feedback", level: 1 })).toBeVisible();
    const filters = page.getByRole("search", { name: "Filter feedback" });
    await filters.getByLabel("Rating").selectOption("down");
    await filters.getByLabel("Search").fill(token);
    await filters.getByRole("button", { name: "Apply filters" }).click();
    await expect(page).toHaveURL(/rating=down/);
    const rows = page.getByRole("row").filter({ hasText: token });
    await expect(rows).toHaveCount(2);
    await expect(rows.filter({ hasText: "The capital is wrong" })).toHaveCount(1);
    // The filtered view survives a reload (it lives in the URL).
    await page.reload();
    await expect(rows).toHaveCount(2);

    await rows.filter({ hasText: "The capital is wrong" }).getByRole("link").first().click();
    await expect(page).toHaveURL(/\/admin\/feedback\/[0-9a-f-]{36}\?/);
    detailUrl = page.url();
    const rated = page.getByRole("article", { name: "Rated answer" });
    await expect(rated).toContainText(token);
    const conversation = page.getByRole("region", { name: "Conversation" });
    await expect(conversation.getByText(`Question 1 about ${token}`, { exact: true })).toBeVisible();
    await expect(page.getByText("Not factually correct")).toBeVisible();
    await expect(page.getByText(userEmail)).toBeVisible();

    await page.getByRole("textbox", { name: "Corrected answer" }).fill("The capital is **Canberra**.");
    await page.getByRole("tab", { name: "Preview" }).click();
    await expect(page.locator("strong", { hasText: "Canberra" })).toBeVisible();
    await page.getByRole("button", { name: "Save correction" }).click();
    await expect(page.getByText("Correction saved.")).toBeVisible();
    await page.getByRole("button", { name: "Mark reviewed" }).click();
    await expect(page.getByText("Saved: Reviewed.")).toBeVisible();

    await page.reload();
    await expect(page.getByText("Status: Reviewed")).toBeVisible();
    await expect(page.getByRole("textbox", { name: "Corrected answer" })).toHaveValue(
      "The capital is **Canberra**.",
    );
  });

  test("the admin excludes another rating from training, and the filters show both decisions", async ({
    page,
  }) => {
    await signInAdmin(page);
    await page.goto(`/admin/feedback?rating=down&q=${token}`);
    const other = page
      .getByRole("row")
      .filter({ hasText: token })
      .filter({ hasNotText: "The capital is wrong" });
    await other.getByRole("link").first().click();
    await page.getByRole("textbox", { name: "Note (optional)" }).fill("Duplicate of another rating");
    await page.getByRole("button", { name: "Exclude from training" }).click();
    await expect(page.getByText("Saved: Excluded.")).toBeVisible();
    await page.reload();
    await expect(page.getByRole("note", { name: "Not usable for training" })).toContainText(
      "Excluded from training by an admin",
    );

    await page.goto(`/admin/feedback?status=reviewed&q=${token}`);
    await expect(page.getByRole("row").filter({ hasText: token })).toHaveCount(1);
    await page.goto(`/admin/feedback?status=excluded&q=${token}`);
    await expect(page.getByRole("row").filter({ hasText: token })).toHaveCount(1);
    await page.goto(`/admin/feedback?from=2026-13-45`);
    await expect(page.getByRole("alert").filter({ hasText: "That date does not exist." })).toBeVisible();
  });

  test("the user cannot reach any of it", async ({ page }) => {
    await signIn(page, userEmail);
    for (const url of ["/admin", "/admin/feedback", detailUrl]) {
      await page.goto(url);
      await expect(page).toHaveURL(/\/$/);
    }
    const response = await page.request.get(detailUrl, { maxRedirects: 0 });
    expect(response.status()).toBeGreaterThanOrEqual(300);
    expect(response.status()).toBeLessThan(400);
  });
});
