import { expect, test } from "@playwright/test";
import OpenAI from "openai";
import { signUp, uniqueEmail } from "./helpers";

// Settings → API keys against the running app: the key is shown once, works with the official SDK
// at /api/v1, and stops working as soon as it is revoked.
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
