import { expect, type Page } from "@playwright/test";

/** Sets what the fake OpenAI-compatible upstream does next (see tests/helpers/fake-openai-cli.ts). */
export async function setUpstream(scenario: Record<string, unknown>) {
  const control = process.env.FAKE_OPENAI_CONTROL_URL;
  if (!control)
    throw new Error("FAKE_OPENAI_CONTROL_URL is not set; run the e2e tests with npm run test:e2e");
  const response = await fetch(`${control}/scenario`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(scenario),
  });
  expect(response.ok).toBe(true);
}

export async function send(page: Page, text: string) {
  await page.getByRole("textbox", { name: "Message" }).fill(text);
  await page.getByRole("button", { name: "Send message" }).click();
}

export const messages = (page: Page) => page.getByRole("log", { name: "Messages" });
export const answers = (page: Page) => messages(page).getByRole("article", { name: "Assistant message" });

/** Waits until no answer is streaming (the composer offers Send again). */
export async function waitForAnswer(page: Page) {
  await expect(page.getByRole("button", { name: "Stop generating" })).toHaveCount(0, { timeout: 30_000 });
}
