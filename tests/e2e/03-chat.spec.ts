import { expect, test } from "@playwright/test";
import { signIn, signUp, uniqueEmail } from "./helpers";
import { answers, messages, send, setUpstream, waitForAnswer } from "./chat-helpers";

test.describe.serial("chat", () => {
  const email = uniqueEmail("chatter");
  let conversationUrl = "";

  test("an answer streams in visibly, the URL becomes /c/<id>, and the chat joins the sidebar", async ({
    page,
  }) => {
    await signUp(page, "Chatter", email);
    await send(page, "How do streaming answers work?");
    const answer = answers(page).first();
    await expect(answer).toContainText(/\w+ \w+/);
    const early = (await answer.innerText()).length;
    await expect
      .poll(async () => (await answer.innerText()).length, { timeout: 15_000 })
      .toBeGreaterThan(early + 20);
    await expect(page.getByRole("button", { name: "Stop generating" })).toBeVisible();
    await waitForAnswer(page);
    await expect(answer).toContainText("offline demo");
    await expect(page).toHaveURL(/\/c\/[0-9a-f-]{36}$/);
    conversationUrl = page.url();
    await expect(
      page.getByRole("navigation", { name: "Conversations" }).getByRole("link").first(),
    ).toContainText("How do streaming answers work");
    // The code block of the demo answer has its own copy button.
    await expect(answer.getByRole("button", { name: "Copy code" })).toBeVisible();
    // "New chat" starts over, although this page became /c/<id> without a navigation.
    await page.getByRole("link", { name: "New chat" }).first().click();
    await expect(page.getByRole("heading", { name: "What can I help with?" })).toBeVisible();
    await expect(answers(page)).toHaveCount(0);
  });

  test("reload shows everything; regenerate adds version 2 / 2 and both stay reachable", async ({ page }) => {
    await signIn(page, email);
    await page.goto(conversationUrl);
    const answer = answers(page).first();
    await expect(answer).toContainText("offline demo");
    const firstText = await answer.innerText();
    await answer.getByRole("button", { name: "Regenerate" }).click();
    await waitForAnswer(page);
    await expect(answer.getByText("2 / 2")).toBeVisible();
    const secondText = await answer.innerText();
    expect(secondText).not.toBe(firstText);
    // The version shown is saved by a server action the view does not wait for; reload once it is done.
    const saved = page.waitForResponse(
      (response) => response.request().method() === "POST" && !!response.request().headers()["next-action"],
    );
    await answer.getByRole("button", { name: "Previous version" }).click();
    await expect(answer.getByText("1 / 2")).toBeVisible();
    await saved;
    await page.reload();
    // The conversation reopens on the version last shown.
    await expect(answers(page).first().getByText("1 / 2")).toBeVisible();
    await answers(page).first().getByRole("button", { name: "Next version" }).click();
    await expect(answers(page).first().getByText("2 / 2")).toBeVisible();
  });

  test("editing a question starts a new branch", async ({ page }) => {
    await signIn(page, email);
    await page.goto(conversationUrl);
    await page.getByRole("button", { name: "Edit message" }).first().click();
    await page.getByRole("textbox", { name: "Edit message" }).fill("How do edits work?");
    await page.getByRole("button", { name: "Send", exact: true }).click();
    await waitForAnswer(page);
    await expect(messages(page).getByText("How do edits work?", { exact: true })).toBeVisible();
    await expect(messages(page).getByText("2 / 2").first()).toBeVisible();
    await messages(page).getByRole("button", { name: "Previous version" }).first().click();
    await expect(messages(page).getByText("How do streaming answers work?", { exact: true })).toBeVisible();
  });

  test("Stop keeps the partial answer, also after reload", async ({ page }) => {
    await signIn(page, email);
    await page.goto("/");
    await send(page, "Please write a long answer that I will stop");
    const answer = answers(page).first();
    await expect(answer).toContainText(/\w+ \w+ \w+/);
    await page.getByRole("button", { name: "Stop generating" }).click();
    await expect(answer.getByText("Stopped")).toBeVisible();
    const partial = (await answer.innerText()).replace(/\s+/g, " ");
    expect(partial).not.toContain("offline demo model");
    await page.reload();
    await expect(answers(page).first().getByText("Stopped")).toBeVisible();
  });

  test("a provider failure shows an error with Retry, and Retry works", async ({ page }) => {
    await signIn(page, email);
    await page.goto("/");
    await page.getByRole("combobox", { name: "Model" }).selectOption({ label: "fake-model" });
    await setUpstream({ failWith: { status: 500, body: { error: { message: "upstream exploded" } } } });
    await send(page, "This will fail first");
    const alert = answers(page).first().getByRole("alert");
    await expect(alert).toContainText("The model provider had an error");
    await expect(alert).not.toContainText("upstream exploded");
    await setUpstream({ failWith: null, text: "Recovered answer from upstream.", chunkDelayMs: 5 });
    await alert.getByRole("button", { name: "Retry" }).click();
    await waitForAnswer(page);
    await expect(answers(page).first()).toContainText("Recovered answer from upstream.");
    // The question was never lost.
    await expect(messages(page).getByText("This will fail first", { exact: true })).toBeVisible();
  });

  test("rename and delete from the sidebar, with undo", async ({ page }) => {
    await signIn(page, email);
    await page.goto(conversationUrl);
    const sidebar = page.getByRole("navigation", { name: "Conversations" });
    const row = sidebar
      .getByRole("listitem")
      .filter({ has: page.locator(`a[href="${new URL(conversationUrl).pathname}"]`) });
    await row.getByRole("button", { name: "Conversation options" }).click();
    await page.getByRole("menuitem", { name: "Rename" }).click();
    await page.getByRole("textbox", { name: "Chat title" }).fill("Renamed chat");
    await page.keyboard.press("Enter");
    await expect(sidebar.getByRole("link", { name: "Renamed chat" })).toBeVisible();
    await page.reload();
    await expect(sidebar.getByRole("link", { name: "Renamed chat" })).toBeVisible();

    await sidebar
      .getByRole("listitem")
      .filter({ hasText: "Renamed chat" })
      .getByRole("button", { name: "Conversation options" })
      .click();
    await page.getByRole("menuitem", { name: "Delete" }).click();
    await page.getByRole("dialog", { name: "Delete chat?" }).getByRole("button", { name: "Delete" }).click();
    await expect(sidebar.getByRole("link", { name: "Renamed chat" })).toHaveCount(0);
    await expect(page).toHaveURL(/\/$/);
    await page.getByRole("button", { name: "Undo" }).click();
    await expect(sidebar.getByRole("link", { name: "Renamed chat" })).toBeVisible();
  });

  test("another user cannot open the conversation", async ({ page }) => {
    await signUp(page, "Snoop", uniqueEmail("snoop"));
    await page.goto(conversationUrl);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
    const response = await page.request.get(conversationUrl);
    expect(response.status()).toBe(404);
  });
});
