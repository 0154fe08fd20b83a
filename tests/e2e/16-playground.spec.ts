import { expect, test, type Page } from "@playwright/test";
import { signUp, uniqueEmail } from "./helpers";

// The playground against the running app: reached from the main navigation, messages edited, the
// parameters fitted to the model, a run (button and Ctrl+Enter) with its usage, Stop, and a rating.
const answer = (page: Page) =>
  page.getByRole("region", { name: "Answer", exact: true }).getByRole("region").first();

test("edits messages, sets parameters, runs, stops and rates an answer", async ({ page }) => {
  await signUp(page, "Player One", uniqueEmail("playground"));
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Playground" }).click();
  await expect(page).toHaveURL(/\/playground$/);
  await expect(page.getByRole("heading", { name: "Playground" })).toBeVisible();

  // The offline demo model: no temperature or penalties, no JSON, each with its reason.
  await page.getByLabel("Model", { exact: true }).selectOption("offline-demo");
  await expect(page.getByLabel("Temperature")).toBeDisabled();
  await expect(page.getByLabel("Presence penalty")).toBeDisabled();
  await expect(page.getByText("Not available: The offline demo model ignores it.").first()).toBeVisible();
  await expect(page.getByLabel("Seed")).toBeEnabled();
  await expect(page.getByLabel("Maximum tokens")).toBeEnabled();
  await expect(page.getByLabel("Stop sequences")).toBeEnabled();
  // A model that takes them all: enabled, with its range.
  await page.getByLabel("Model", { exact: true }).selectOption("fake-model");
  await expect(page.getByLabel("Temperature")).toBeEnabled();
  await expect(page.getByLabel("Frequency penalty")).toBeEnabled();
  await page.getByLabel("Temperature").fill("3");
  await page.getByLabel("System prompt").fill("Answer briefly.");
  await page.getByLabel("Message 1", { exact: true }).fill("What is a flywheel?");
  await expect(page.getByRole("status", { name: "Estimate" })).toContainText(/About \d+ input tokens/);
  await page.getByRole("button", { name: "Run" }).click();
  // The run is refused: the first problem in the alert, each beside its own field.
  await expect(page.getByRole("alert").filter({ hasText: "Temperature" })).toHaveText(
    "Temperature is at most 2.",
  );
  await expect(page.getByLabel("Temperature")).toHaveAccessibleDescription("Temperature is at most 2.");
  await page.getByLabel("Temperature").fill("0.5");

  // Messages: add, set the role, remove; an empty one is refused by name.
  await page.getByRole("button", { name: "Add message" }).click();
  await expect(page.getByLabel("Role of message 2")).toHaveValue("assistant");
  await page.getByRole("button", { name: "Add message" }).click();
  await page.getByRole("button", { name: "Run" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "empty" })).toHaveText("Message 2 is empty.");
  await expect(page.getByLabel("Message 2", { exact: true })).toHaveAccessibleDescription(
    "Message 2 is empty.",
  );
  await page.getByLabel("Message 2", { exact: true }).fill("A heavy wheel that stores energy.");
  await page.getByLabel("Message 3", { exact: true }).fill("Give one use.");
  await page.getByRole("button", { name: "Add message" }).click();
  await page.getByLabel("Role of message 4").selectOption("user");
  await page.getByRole("button", { name: "Remove message 4" }).click();
  await expect(page.getByLabel("Message 4", { exact: true })).toHaveCount(0);

  // A run with the offline model, cut to 12 words by Maximum tokens.
  // Another model drops what it cannot take (the temperature set above).
  await page.getByLabel("Model", { exact: true }).selectOption("offline-demo");
  await expect(page.getByLabel("Temperature")).toHaveValue("");
  await page.getByLabel("Maximum tokens").fill("12");
  await page.getByLabel("Seed").fill("7");
  await page.getByRole("button", { name: "Run" }).click();
  await expect(answer(page)).toHaveAttribute("data-status", "complete", { timeout: 20_000 });
  await expect(answer(page)).toContainText("Offline demo answer");
  const usage = answer(page).getByRole("definition");
  await expect(answer(page).getByText("Tokens out")).toBeVisible();
  // The offline model reports no usage: the counts are made locally and marked "~".
  await expect(usage.nth(2)).toHaveText(/^~\d+$/);
  await expect(usage.nth(1)).not.toHaveText("—");
  await expect(usage.nth(0)).toHaveText(/\d+ ms|\d+\.\d s/);

  // Rated like a chat answer.
  await answer(page).getByRole("button", { name: "Good response" }).click();
  await expect(answer(page).getByRole("button", { name: "Good response" })).toHaveAttribute(
    "aria-pressed",
    "true",
  );
  await expect(page.getByText("What did you like about this response?")).toBeVisible();
  await page.getByRole("button", { name: "Close feedback" }).click();

  // Ctrl+Enter runs again, from the keyboard, with a longer answer that Stop cuts short.
  await page.getByLabel("Maximum tokens").fill("");
  await page.getByLabel("Message 3", { exact: true }).focus();
  await page.keyboard.press("Control+Enter");
  await expect(answer(page)).toHaveAttribute("data-status", "streaming");
  await expect(answer(page)).toContainText("Offline demo answer");
  await page.getByRole("button", { name: "Stop" }).click();
  await expect(answer(page)).toHaveAttribute("data-status", "stopped", { timeout: 10_000 });
  await expect(answer(page).getByText("Stopped")).toBeVisible();
  await expect(answer(page)).toContainText("Offline demo answer");

  // The run is a conversation of its own, opened like any other.
  await page.getByRole("link", { name: "open it" }).click();
  await expect(page).toHaveURL(/\/c\//);
  await expect(page.getByText("Give one use.").first()).toBeVisible();
});
