import { expect, test, type Page } from "@playwright/test";
import { signIn, signUp, uniqueEmail } from "./helpers";
import { answers, send, waitForAnswer } from "./chat-helpers";

type DataDownload = {
  conversations: { id: string; usableForTraining: { usable: boolean; exclusions: string[] } }[];
  feedback: { rating: string; reasons: string[]; comment: string; messageId: string }[];
  comparisons: { preferredId: string | null; source: string; answerAId: string; answerBId: string }[];
};

/** The user's own data, as "Download my data" in settings serves it (same session). */
async function myData(page: Page): Promise<DataDownload> {
  const response = await page.request.get("/api/me/data");
  expect(response.ok()).toBe(true);
  return (await response.json()) as DataDownload;
}

const good = (page: Page) => answers(page).first().getByRole("button", { name: "Good response" });
const bad = (page: Page) => answers(page).first().getByRole("button", { name: "Bad response" });

test.describe.serial("feedback", () => {
  const email = uniqueEmail("rater");
  let conversationUrl = "";

  test("rate up, pick a reason, comment; reload shows the rating, and the stored comment is plain text", async ({
    page,
  }) => {
    await signUp(page, "Rater", email);
    await send(page, "Tell me about flywheels");
    await waitForAnswer(page);
    await expect(page).toHaveURL(/\/c\/[0-9a-f-]{36}$/);
    conversationUrl = page.url();

    await expect(good(page)).toHaveAttribute("aria-pressed", "false");
    await good(page).click();
    await expect(good(page)).toHaveAttribute("aria-pressed", "true");
    const panel = page.getByRole("dialog", { name: "Feedback" });
    await expect(panel).toBeVisible();
    await expect(panel.getByRole("button", { name: "Not factually correct" })).toHaveCount(0);
    await panel.getByRole("button", { name: "Easy to understand" }).click();
    await expect(panel.getByRole("button", { name: "Easy to understand" })).toHaveAttribute(
      "aria-pressed",
      "true",
    );
    const comment = `<img src=x onerror="document.title='pwned'"> Clear and short`;
    await panel.getByRole("textbox", { name: "Comment" }).fill(comment);
    await panel.getByRole("button", { name: "Submit feedback" }).click();
    await expect(page.getByText("Thanks for your feedback!")).toBeVisible();
    await expect(panel).toHaveCount(0);

    await page.reload();
    await expect(good(page)).toHaveAttribute("aria-pressed", "true");
    await expect(bad(page)).toHaveAttribute("aria-pressed", "false");
    const data = await myData(page);
    expect(data.feedback).toEqual([
      expect.objectContaining({ rating: "up", reasons: ["easy_to_understand"], comment }),
    ]);
    expect(await page.title()).not.toBe("pwned");
  });

  test("change to bad, dismiss the panel (the rating stays), then remove it", async ({ page }) => {
    await signIn(page, email);
    await page.goto(conversationUrl);
    await bad(page).click();
    await expect(bad(page)).toHaveAttribute("aria-pressed", "true");
    await expect(good(page)).toHaveAttribute("aria-pressed", "false");
    const panel = page.getByRole("dialog", { name: "Feedback" });
    await expect(panel.getByRole("button", { name: "Not factually correct" })).toBeVisible();
    await panel.getByRole("button", { name: "Close feedback" }).click();
    await expect(panel).toHaveCount(0);
    // The rating is saved in the background: on a busy machine a reload at once can be served before
    // the save commits, so wait until it is stored, then check that the page shows it after a reload.
    await expect
      .poll(async () => (await myData(page)).feedback)
      .toEqual([expect.objectContaining({ rating: "down", reasons: [] })]);
    await page.reload();
    await expect(bad(page)).toHaveAttribute("aria-pressed", "true");

    await bad(page).click();
    await expect(bad(page)).toHaveAttribute("aria-pressed", "false");
    await expect(page.getByRole("dialog", { name: "Feedback" })).toHaveCount(0);
    await expect.poll(async () => (await myData(page)).feedback).toEqual([]);
    await page.reload();
    await expect(bad(page)).toHaveAttribute("aria-pressed", "false");
    await expect(good(page)).toHaveAttribute("aria-pressed", "false");
  });

  test("copying an answer sends a signal with ids only", async ({ page }) => {
    await signIn(page, email);
    await page.goto(conversationUrl);
    const answerText = await answers(page).first().innerText();
    const request = page.waitForRequest((r) => r.url().endsWith("/api/events") && r.method() === "POST");
    await answers(page).first().getByRole("button", { name: "Copy", exact: true }).click();
    const body = (await request).postData() ?? "";
    expect(JSON.parse(body)).toMatchObject({ events: [expect.objectContaining({ type: "copy" })] });
    expect(body).not.toContain(answerText.slice(0, 40));
  });

  test("regenerate, then Better records a comparison preferring the new answer", async ({ page }) => {
    await signIn(page, email);
    await page.goto(conversationUrl);
    await answers(page).first().getByRole("button", { name: "Regenerate" }).click();
    await waitForAnswer(page);
    const prompt = page.getByRole("group", { name: "Is this response better or worse?" });
    await expect(prompt).toBeVisible();
    await prompt.getByRole("button", { name: "Better" }).click();
    await expect(page.getByText("Thanks — your choice was recorded.")).toBeVisible();
    const { comparisons } = await myData(page);
    expect(comparisons).toHaveLength(1);
    expect(comparisons[0]).toMatchObject({ source: "explicit" });
    expect(comparisons[0]!.preferredId).not.toBeNull();
    // The new answer (shown, 2 / 2) is the preferred one: rating it shows up under that same id.
    await good(page).click();
    await expect
      .poll(async () => (await myData(page)).feedback.map((f) => f.messageId))
      .toEqual([comparisons[0]!.preferredId]);
  });

  test("with the consent switch off, the conversation says it is not used for training", async ({ page }) => {
    await signIn(page, email);
    await page.goto(conversationUrl);
    await expect(page.getByRole("note", { name: "Not used for training" })).toHaveCount(0);
    await page.goto("/settings");
    await page.getByRole("switch", { name: "Use my conversations to improve models" }).click();
    await expect(
      page.getByText("Saved. Your conversations will not be used to improve models."),
    ).toBeVisible();
    await page.goto(conversationUrl);
    await expect(page.getByRole("note", { name: "Not used for training" })).toBeVisible();
    const { conversations } = await myData(page);
    expect(conversations[0]!.usableForTraining).toEqual({ usable: false, exclusions: ["consent_off"] });
    // Ratings still work there.
    await bad(page).click();
    await expect(bad(page)).toHaveAttribute("aria-pressed", "true");
  });

  test("deleting the conversation deletes its feedback and comparisons", async ({ page }) => {
    await signIn(page, email);
    await page.goto(conversationUrl);
    await expect.poll(async () => (await myData(page)).feedback.length).toBe(1);
    const sidebar = page.getByRole("navigation", { name: "Conversations" });
    await sidebar
      .getByRole("listitem")
      .filter({ has: page.locator(`a[href="${new URL(conversationUrl).pathname}"]`) })
      .getByRole("button", { name: "Conversation options" })
      .click();
    await page.getByRole("menuitem", { name: "Delete" }).click();
    await page.getByRole("dialog", { name: "Delete chat?" }).getByRole("button", { name: "Delete" }).click();
    await expect(page).toHaveURL(/\/$/);
    const data = await myData(page);
    expect(data.conversations).toEqual([]);
    expect(data.feedback).toEqual([]);
    expect(data.comparisons).toEqual([]);
  });

  test("settings: download my data as a file, and delete all conversations", async ({ page }) => {
    await signIn(page, email);
    await send(page, "One more question");
    await waitForAnswer(page);
    await page.goto("/settings");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "Download my data" }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^flywheel-data-.*\.json$/);
    const path = await download.path();
    const { readFile } = await import("node:fs/promises");
    const file = JSON.parse(await readFile(path, "utf8")) as DataDownload;
    expect(file.conversations).toHaveLength(1);

    await page.getByRole("button", { name: "Delete all conversations" }).click();
    await page
      .getByRole("dialog", { name: "Delete all conversations?" })
      .getByRole("button", { name: "Delete all" })
      .click();
    await expect(page.getByText("Deleted 1 conversation.")).toBeVisible();
    await expect(
      page
        .getByRole("navigation", { name: "Conversations" })
        .getByRole("link", { name: "One more question" }),
    ).toHaveCount(0);
    expect((await myData(page)).conversations).toEqual([]);
  });
});
