import { expect, test, type Page } from "@playwright/test";
import { signUp, uniqueEmail } from "./helpers";
import { answers, send, setUpstream, waitForAnswer } from "./chat-helpers";

// Tokens and cost of every answer in the answer's details, and the composer's live token count.

async function details(page: Page) {
  await answers(page).last().getByRole("button", { name: "Details" }).click();
  const dialog = page.getByRole("dialog", { name: "Answer details" });
  await expect(dialog).toBeVisible();
  const rows = await dialog.locator("dt").allInnerTexts();
  const values = await dialog.locator("dd").allInnerTexts();
  return { dialog, values: Object.fromEntries(rows.map((label, i) => [label, values[i]])) };
}

test.describe.serial("tokens and cost", () => {
  test("the details of an answer show tokens, cost, time to first token and duration", async ({ page }) => {
    await signUp(page, "Counter", uniqueEmail("tokens"));
    // The offline model: counted here (estimated), free.
    await send(page, "How many tokens is this?");
    await waitForAnswer(page);
    const offline = await details(page);
    expect(offline.values["Tokens in"]).toMatch(/^~\d[\d,]*$/);
    expect(offline.values["Tokens out"]).toMatch(/^~\d[\d,]*$/);
    expect(offline.values["Cost"]).toBe("$0");
    expect(offline.values["Time to first token"]).toMatch(/^\d+ ms$|^\d+\.\d s$/);
    expect(offline.values["Duration"]).toMatch(/^\d+ ms$|^\d+\.\d s$/);
    await expect(offline.dialog).toContainText("Estimated");

    // A provider that reports its usage, with a prompt-cache hit; the model has no price.
    await setUpstream({
      text: "Cached answer.",
      usage: { promptTokens: 1200, completionTokens: 34, cachedTokens: 1024 },
    });
    await page.getByRole("combobox", { name: "Model" }).selectOption({ label: "fake-model" });
    await send(page, "And this one?");
    await waitForAnswer(page);
    const reported = await details(page);
    expect(reported.values).toMatchObject({
      "Tokens in": "1,200",
      Cached: "1,024",
      "Tokens out": "34",
      Cost: "—",
    });
    await expect(reported.dialog).not.toContainText("Estimated");
    // The same after a reload, from what was stored.
    await page.reload();
    expect((await details(page)).values).toMatchObject({
      "Tokens in": "1,200",
      Cached: "1,024",
      "Tokens out": "34",
    });
    await setUpstream({ text: null, usage: null });
  });

  test("the composer counts the next turn's tokens and warns near and past what the server keeps", async ({
    page,
  }) => {
    await signUp(page, "Composer", uniqueEmail("composer"));
    // The offline model's window is 8,192 tokens.
    const box = page.getByRole("textbox", { name: "Message" });
    const meter = page.locator("#composer-tokens");
    await box.fill("Hello there");
    await expect(meter).toHaveText(/^\d+ \/ 8,192 tokens$/);
    await expect(meter).toHaveAttribute("data-level", "ok");
    // "1 " is one token per character for cl100k_base. The conversation may use 8,192 − 2,048 =
    // 6,144 tokens (the rest is kept for the answer): amber from 80% of that, red past it.
    await box.fill("1 ".repeat(2_700));
    await expect(meter).toHaveAttribute("data-level", "near");
    await expect(meter).toContainText("Nearing the model's context window.");
    await box.fill("1 ".repeat(3_500));
    await expect(meter).toHaveAttribute("data-level", "over");
    await expect(meter).toContainText("This message is too long for the model's context window.");
    await box.fill("short again");
    await expect(meter).toHaveAttribute("data-level", "ok");
  });
});
