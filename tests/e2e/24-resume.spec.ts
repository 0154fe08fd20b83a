import { expect, test, type Page } from "@playwright/test";
import { signIn, signUp, uniqueEmail } from "./helpers";
import { answers, send, setUpstream, waitForAnswer } from "./chat-helpers";

// An answer outlives the page that asked for it: a reload, a second tab, or a stream the network cut
// all show the text so far at once and then follow the answer live to its end, with Stop, on one
// instance without Redis (tests/e2e/23-cluster.spec.ts does it across instances).
const WORDS = 160;
const LONG_TEXT = Array.from({ length: WORDS }, (_, i) => `w${i}`).join(" ");
const lastWord = `w${WORDS - 1}`;

async function startLongAnswer(page: Page, question: string) {
  await page.goto("/");
  await page.getByRole("combobox", { name: "Model" }).selectOption({ label: "fake-model" });
  // About 6 s of answer, one word every 40 ms.
  await setUpstream({ failWith: null, text: LONG_TEXT, chunkDelayMs: 40, firstChunkDelayMs: null });
  await send(page, question);
  await expect(page).toHaveURL(/\/c\/[0-9a-f-]{36}$/);
  await expect(answers(page).first()).toContainText("w10 ");
}

const wordsShown = async (page: Page) => (await answers(page).first().innerText()).split(/\s+/).length;

test.describe.serial("an answer followed again while it streams", () => {
  const email = uniqueEmail("resumer");

  test("reload: the text so far at once, then live to the end with Stop, and no second answer", async ({
    page,
  }) => {
    await signUp(page, "Resumer", email);
    await startLongAnswer(page, "Tell me a long story");
    await page.reload();
    const answer = answers(page).first();
    // Still streaming, already showing what came before the reload.
    await expect(page.getByRole("button", { name: "Stop generating" })).toBeVisible();
    await expect(answer).toContainText("w10 ");
    await expect(answer).not.toContainText(lastWord);
    const before = await wordsShown(page);
    await expect.poll(() => wordsShown(page), { timeout: 15_000 }).toBeGreaterThan(before + 10);
    await waitForAnswer(page);
    await expect(answer).toContainText(LONG_TEXT);
    await expect(answers(page)).toHaveCount(1);
    // Finished like any answer: it can be rated, and the reload after shows it whole.
    await expect(answer.getByRole("button", { name: "Good response" })).toBeVisible();
    await page.reload();
    await expect(answers(page).first()).toContainText(LONG_TEXT);
  });

  test("switching to another chat and back: the text so far, then live to the end", async ({ page }) => {
    await signIn(page, email);
    await startLongAnswer(page, "A story to come back to");
    const conversationPath = new URL(page.url()).pathname;
    await page.getByRole("link", { name: "New chat" }).first().click();
    await expect(page.getByRole("heading", { name: "What can I help with?" })).toBeVisible();
    await page
      .getByRole("navigation", { name: "Conversations" })
      .locator(`a[href="${conversationPath}"]`)
      .click();
    await expect(page).toHaveURL(new RegExp(`${conversationPath}$`));
    const answer = answers(page).first();
    await expect(answer).toContainText("w10 ");
    await expect(page.getByRole("button", { name: "Stop generating" })).toBeVisible();
    const before = await wordsShown(page);
    await expect.poll(() => wordsShown(page), { timeout: 15_000 }).toBeGreaterThan(before + 10);
    await waitForAnswer(page);
    await expect(answer).toContainText(LONG_TEXT);
  });

  test("a second tab follows the same answer live, and its Stop stops it in both", async ({
    page,
    context,
  }) => {
    await signIn(page, email);
    await startLongAnswer(page, "Another long one");
    const other = await context.newPage();
    await other.goto(page.url());
    const mirrored = answers(other).first();
    await expect(mirrored).toContainText("w10 ");
    const before = await wordsShown(other);
    await expect.poll(() => wordsShown(other), { timeout: 10_000 }).toBeGreaterThan(before + 5);

    await other.getByRole("button", { name: "Stop generating" }).click();
    await waitForAnswer(other);
    await waitForAnswer(page);
    await expect(mirrored.getByText("Stopped")).toBeVisible();
    await expect(answers(page).first().getByText("Stopped")).toBeVisible();
    await expect(answers(page).first()).not.toContainText(lastWord);
    // Both show the same stopped text.
    expect(await answers(page).first().innerText()).toBe(await mirrored.innerText());
  });

  test("a reload whose first follow request is refused (a draining instance) tries again and follows", async ({
    page,
  }) => {
    await signIn(page, email);
    await startLongAnswer(page, "A story past a restarting instance");
    // The first request for the answer's stream after the reload gets the 503 a draining instance
    // answers; the next ones go through.
    let refused = 0;
    await page.route(/\/api\/chat\/answers\/[0-9a-f-]{36}\/stream$/, async (route) => {
      if (refused === 0) {
        refused++;
        await route.fulfill({
          status: 503,
          contentType: "application/json",
          headers: { "Retry-After": "1" },
          body: JSON.stringify({ error: "This instance is shutting down. Try again." }),
        });
        return;
      }
      await route.continue();
    });
    await page.reload();
    const answer = answers(page).first();
    await expect(page.getByRole("button", { name: "Stop generating" })).toBeVisible();
    await waitForAnswer(page);
    await expect(answer).toContainText(LONG_TEXT);
    await expect(answer.getByRole("alert")).toHaveCount(0);
    expect(refused).toBe(1);
  });

  test("a stream that breaks before the end is followed again by itself and ends complete", async ({
    page,
  }) => {
    await signIn(page, email);
    await page.goto("/");
    await page.getByRole("combobox", { name: "Model" }).selectOption({ label: "fake-model" });
    await setUpstream({ failWith: null, text: LONG_TEXT, chunkDelayMs: 10, firstChunkDelayMs: null });
    // The answer's response reaches the page cut short: its first events, then the end of the body,
    // as when an instance dies or a proxy drops the connection. No final status arrives.
    await page.route("**/api/chat", async (route) => {
      const response = await route.fetch();
      const events = (await response.text()).split("\n\n");
      await route.fulfill({ response, body: `${events.slice(0, 12).join("\n\n")}\n\n` });
    });
    const resumes: string[] = [];
    page.on("request", (request) => {
      if (/\/api\/chat\/answers\/[0-9a-f-]{36}\/stream$/.test(request.url())) resumes.push(request.url());
    });
    await send(page, "A story through a bad connection");
    await waitForAnswer(page);
    const answer = answers(page).first();
    await expect(answer).toContainText(LONG_TEXT);
    await expect(answer.getByRole("alert")).toHaveCount(0);
    // It was the answer followed again by its id.
    expect(resumes).toHaveLength(1);
  });
});
