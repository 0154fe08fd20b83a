import { expect, test } from "@playwright/test";
import OpenAI from "openai";
import { signUp, uniqueEmail } from "./helpers";

// Settings → API keys against the running app: the key is shown once, works with the official SDK
// at /api/v1 (models and chat completions), and stops working as soon as it is revoked.
test("creates an API key, uses it with the openai SDK, and revokes it", async ({ page, baseURL }) => {
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await signUp(page, "Key Owner", uniqueEmail("keys"));
  await page.goto("/settings");
  const section = page.getByRole("region", { name: "API keys" });
  await section.getByRole("button", { name: "Create API key" }).click();
  await expect(section.getByText("Give the key a name.")).toBeVisible();

  await section.getByLabel("Key name").fill("Nightly eval");
  await section.getByRole("button", { name: "Create API key" }).click();
  await expect(section.getByText("Copy your new key now")).toBeVisible();
  const key = (await section.getByLabel("New API key").textContent()) ?? "";
  expect(key).toMatch(/^fw-[A-Za-z0-9_-]{43}$/);
  await section.getByRole("button", { name: "Copy" }).click();
  await expect(section.getByRole("button", { name: "Copied" })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key);
  await expect(section.getByRole("cell", { name: "Nightly eval", exact: true })).toBeVisible();
  await expect(section.getByRole("cell", { name: `${key.slice(0, 11)}…` })).toBeVisible();

  const client = new OpenAI({ apiKey: key, baseURL: `${baseURL}/api/v1`, maxRetries: 0 });
  const models = await client.models.list();
  expect(models.data.map((m) => m.id)).toContain("offline-demo");

  // A completion through the running server, not streamed and streamed: the same seed gives the same
  // answer both ways, and the stored conversation opens in the chat like any other.
  const request = {
    model: "offline-demo",
    seed: 7,
    messages: [{ role: "user" as const, content: "What is a flywheel?" }],
  };
  const { data, response } = await client.chat.completions.create(request).withResponse();
  const answer = data.choices[0]!.message.content!;
  expect(answer).toContain("What is a flywheel?");
  const stream = await client.chat.completions.create({ ...request, stream: true });
  let streamed = "";
  for await (const chunk of stream) streamed += chunk.choices[0]?.delta.content ?? "";
  expect(streamed).toBe(answer);
  await page.goto(`/c/${response.headers.get("flywheel-conversation-id")}`);
  await expect(page.getByText("What is a flywheel?").first()).toBeVisible();
  // The offline answer opens with a markdown heading, rendered as one.
  expect(answer).toMatch(/^### Offline demo answer/);
  await expect(page.getByRole("heading", { name: "Offline demo answer" }).first()).toBeVisible();
  await page.goto("/settings");

  // Shown once: after a reload only the prefix is on the page.
  await page.reload();
  await expect(page.getByText(key)).toHaveCount(0);
  await page
    .getByRole("region", { name: "API keys" })
    .getByRole("button", { name: "Revoke Nightly eval" })
    .click();
  await expect(page.getByRole("region", { name: "API keys" }).getByText("Revoked")).toBeVisible();
  await expect(client.models.list()).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
});
