import { expect, test, type Page } from "@playwright/test";
import { signInAdmin, signOut, signUp, uniqueEmail } from "./helpers";
import { answers, send, setUpstream, waitForAnswer } from "./chat-helpers";

// Admin → Models through the real UI, against the fake upstream (its own process): a provider is added,
// tested, saved, refreshed; a model enabled, priced, made default; the provider edited, disabled and
// deleted. The provider's key must never reach the browser: every response the browser receives (pages,
// server action results, RSC payloads) is read and searched for it.

const KEY = `sk-e2e-${Date.now().toString(36)}-secret-Qx7P`;
const TUNED = "e2e-tuned-1";

function upstreamUrl(): string {
  const url = process.env.OPENAI_COMPATIBLE_BASE_URL;
  if (!url) throw new Error("OPENAI_COMPATIBLE_BASE_URL is not set; run the e2e tests with npm run test:e2e");
  return url;
}

/** Records the bodies of every response the page gets, to search them for the key. */
function watchResponses(page: Page): string[] {
  const bodies: string[] = [];
  page.on("response", (response) => {
    void response
      .text()
      .then((text) => bodies.push(text))
      .catch(() => undefined);
  });
  return bodies;
}

test.describe.serial("Admin → Models", () => {
  test.afterAll(async () => {
    await setUpstream({ apiKey: null, models: null, text: null, usage: null });
  });

  test("add a provider, test it, save, refresh, enable, price, default, edit, disable, delete", async ({
    page,
  }) => {
    test.setTimeout(120_000);
    await setUpstream({ apiKey: KEY, models: ["fake-model", TUNED] });
    const bodies = watchResponses(page);
    await signInAdmin(page);
    await page.goto("/admin");
    await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Models" }).click();
    await expect(page.getByRole("heading", { name: "Models", level: 1 })).toBeVisible();
    // The settings' provider: listed, marked, read-only.
    const settingsRow = page.getByRole("row").filter({ hasText: "from settings" });
    await expect(settingsRow).toContainText("fake-model");
    await expect(settingsRow).toContainText("Read-only");

    await page.getByRole("link", { name: "Add provider" }).click();
    await expect(page.getByRole("heading", { name: "Add provider" })).toBeVisible();
    await page.getByLabel("Type").selectOption("openai-compatible");
    await page.getByLabel("Display name").fill("E2E upstream");
    await page.getByLabel("Base URL").fill("not a url");
    await page.getByLabel("API key").fill(KEY);
    await page.getByRole("button", { name: "Save provider" }).click();
    await expect(page.getByText("Enter a full URL, e.g. https://api.openai.com/v1.")).toBeVisible();

    await page.getByLabel("Base URL").fill(upstreamUrl());
    await page.getByLabel("API key").fill("sk-wrong-key-1234");
    await page.getByRole("button", { name: "Save provider" }).click();
    await expect(page.getByText("The provider refused the API key.").first()).toBeVisible();
    await expect(page).toHaveURL(/\/admin\/models\/providers\/new$/);

    await page.getByLabel("API key").fill(KEY);
    await page.getByRole("button", { name: "Test connection" }).click();
    await expect(page.getByText("Connected. The provider lists 2 model(s).")).toBeVisible();
    const listed = page.getByRole("list", { name: "Models the provider lists" });
    await expect(listed.getByText(TUNED)).toBeVisible();
    await page.getByRole("button", { name: "Save provider" }).click();
    await expect(page).toHaveURL(/\/admin\/models\/providers\/[0-9a-f-]{36}$/);
    const providerUrl = page.url();
    await expect(page.getByRole("heading", { name: "E2E upstream", level: 1 })).toBeVisible();
    await expect(page.getByText("Stored key: ••••Qx7P. Leave empty to keep it.")).toBeVisible();
    await expect(page.getByLabel("API key")).toHaveValue("");

    await page.getByRole("button", { name: "Refresh models" }).click();
    await expect(
      page.getByText("1 new model(s) found (added disabled). Skipped, id already in use: fake-model."),
    ).toBeVisible();
    const tunedRow = page.getByRole("row").filter({ hasText: TUNED });
    await expect(tunedRow).toContainText("Disabled");
    await page.getByRole("button", { name: `Enable ${TUNED}` }).click();
    await expect(tunedRow).toContainText("Enabled");

    await page.getByRole("link", { name: `Edit ${TUNED}` }).click();
    await expect(page.getByRole("heading", { name: TUNED, level: 1 })).toBeVisible();
    await page.getByLabel("Input price", { exact: true }).fill("-1");
    await page.getByRole("button", { name: "Save model" }).click();
    await expect(page.getByText("The input price cannot be below 0.").first()).toBeVisible();
    await page.getByLabel("Display name").fill("E2E Tuned");
    await page.getByLabel("Input price", { exact: true }).fill("0.5");
    await page.getByLabel("Cached-input price").fill("0.25");
    await page.getByLabel("Output price").fill("1.5");
    await page.getByRole("button", { name: "Save model" }).click();
    await expect(page.getByText("Model saved.")).toBeVisible();
    await page.reload();
    await expect(page.getByLabel("Input price", { exact: true })).toHaveValue("0.5");

    await page.goto("/admin/models");
    await page.getByLabel("Default model for new chats").selectOption(TUNED);
    await page.getByRole("button", { name: "Save default" }).click();
    await expect(page.getByText("Default model saved.")).toBeVisible();

    // The chat sees it at once: a new chat starts on the admin's default, and the answer comes through
    // the admin's provider (the fake upstream refuses any request without the sealed key), priced.
    await setUpstream({ text: "Tuned answer.", usage: { promptTokens: 1000, completionTokens: 1000 } });
    await page.goto("/");
    await expect(page.getByRole("combobox", { name: "Model" })).toHaveValue(TUNED);
    await send(page, "Hello, tuned model");
    await waitForAnswer(page);
    const answer = answers(page).last();
    await expect(answer).toContainText("Tuned answer.");
    await expect(answer).toContainText("E2E Tuned");
    await answer.getByRole("button", { name: "Details" }).click();
    // 1,000 tokens in at $0.50 per 1M and 1,000 out at $1.50 per 1M.
    await expect(page.getByRole("dialog", { name: "Answer details" })).toContainText("$0.0020");
    await page.keyboard.press("Escape");

    await page.goto(providerUrl);
    await expect(page.getByRole("row").filter({ hasText: TUNED })).toContainText("default");
    // The default cannot be disabled from under the chats.
    await page.getByRole("button", { name: "Disable provider" }).click();
    await expect(page.getByText(/is the default model for new chats/)).toBeVisible();

    // Edit: the key field left empty keeps the stored key.
    await page.getByLabel("Display name").fill("E2E upstream renamed");
    await page.getByRole("button", { name: "Save provider" }).click();
    await expect(page.getByText("Provider saved.")).toBeVisible();
    await expect(page.getByRole("heading", { name: "E2E upstream renamed", level: 1 })).toBeVisible();
    await page.getByRole("button", { name: "Test connection" }).click();
    await expect(page.getByText("Connected. The provider lists 2 model(s).")).toBeVisible();

    await page.goto("/admin/models");
    await page.getByLabel("Default model for new chats").selectOption("");
    await page.getByRole("button", { name: "Save default" }).click();
    await expect(page.getByText("Default model saved.")).toBeVisible();
    await expect(page.getByRole("row").filter({ hasText: "E2E upstream renamed" })).toContainText("••••Qx7P");

    await page.goto(providerUrl);
    await page.getByRole("button", { name: "Disable provider" }).click();
    await expect(page.getByRole("button", { name: "Enable provider" })).toBeVisible();
    await expect(page.getByText("(disabled)")).toBeVisible();
    await page.getByRole("button", { name: "Delete provider" }).click();
    await page
      .getByRole("dialog", { name: "Delete provider?" })
      .getByRole("button", { name: "Delete provider" })
      .click();
    await expect(page).toHaveURL(/\/admin\/models$/);
    await expect(page.getByRole("row").filter({ hasText: "E2E upstream" })).toHaveCount(0);

    // The audit log has the changes, the key masked.
    await page.goto("/admin/audit");
    await expect(page.getByRole("row").filter({ hasText: "provider.delete" }).first()).toBeVisible();
    await expect(page.getByRole("row").filter({ hasText: "provider.create" }).first()).toContainText(
      "••••Qx7P",
    );

    // Every byte the browser received: no key.
    await page.waitForLoadState("networkidle");
    expect(bodies.length).toBeGreaterThan(10);
    expect(bodies.filter((body) => body.includes(KEY) || body.includes(KEY.slice(0, -4)))).toEqual([]);
  });

  test("a user who is not an admin never sees the page", async ({ page }) => {
    await signInAdmin(page);
    await signOut(page);
    await signUp(page, "Nosy Nora", uniqueEmail("nosy"));
    await page.goto("/admin/models");
    await expect(page).not.toHaveURL(/\/admin/);
    await expect(page.getByRole("heading", { name: "Models", level: 1 })).toHaveCount(0);
  });
});
