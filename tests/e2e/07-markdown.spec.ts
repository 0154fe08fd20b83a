import { expect, test } from "@playwright/test";
import { signUp, uniqueEmail } from "./helpers";
import { answers, send, setUpstream, waitForAnswer } from "./chat-helpers";

// 32 KB of `*a*a*a…`: formatting it cost the server 3–4 s on every view of the conversation.
const WORST_CASE = "*a".repeat(16_384);

test.describe.serial("markdown rendering", () => {
  test.afterAll(async () => {
    await setUpstream({ text: null, chunkDelayMs: null });
  });

  test("the server sends answers as plain text, fast; the browser formats them within limits", async ({
    page,
  }) => {
    await signUp(page, "Marked Mary", uniqueEmail("markdown"));
    await setUpstream({ text: WORST_CASE, chunkDelayMs: 5 });
    await page.getByRole("combobox", { name: "Model" }).selectOption({ label: "fake-model" });
    await send(page, "Give me the worst case");
    await waitForAnswer(page);
    await expect(page).toHaveURL(/\/c\/[0-9a-f-]{36}$/);
    await setUpstream({ text: "A **bold** claim and a list:\n\n- one\n- two", chunkDelayMs: 5 });
    await send(page, "Now a normal answer");
    await waitForAnswer(page);

    // The page view's server HTML: served quickly, with both texts as written and nothing formatted.
    const start = Date.now();
    const response = await page.request.get(page.url());
    const html = await response.text();
    const elapsed = Date.now() - start;
    expect(response.ok()).toBe(true);
    expect(html).toContain(WORST_CASE);
    expect(html).toContain("A **bold** claim and a list:");
    expect(html).not.toContain("<em>a</em>");
    expect(html).not.toMatch(/<strong[^>]*>bold<\/strong>/);
    // Generous for a loaded machine: formatting the answer on the server took 3–4 s on an idle one.
    expect(elapsed).toBeLessThan(2_000);

    // In the browser, after hydration: the worst case stays plain with a notice; the other is formatted.
    await page.reload();
    const [worst, normal] = [answers(page).nth(0), answers(page).nth(1)];
    await expect(worst.getByRole("note")).toHaveText("Shown as plain text: too complex to format.");
    await expect(worst).toContainText("*a*a*a*a");
    await expect(worst.locator("em")).toHaveCount(0);
    await expect(normal.locator("strong")).toHaveText("bold");
    await expect(normal.getByRole("listitem")).toHaveText(["one", "two"]);
  });
});
