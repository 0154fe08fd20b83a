import { expect, test, type Page } from "@playwright/test";
import OpenAI from "openai";
import { signInAdmin, signUp, uniqueEmail } from "./helpers";

// Admin → Users against the running app: an admin finds a user's key by its prefix, sees it in the
// user's "API keys" row and revokes it; then turns API access off for users (their keys get 403) and
// on again. The key's owner and the admin each have their own browser context.

async function createKey(page: Page, name: string): Promise<string> {
  await page.goto("/settings");
  const section = page.getByRole("region", { name: "API keys" });
  await section.getByLabel("Key name").fill(name);
  await section.getByRole("button", { name: "Create API key" }).click();
  const key = (await section.getByLabel("New API key").textContent()) ?? "";
  expect(key).toMatch(/^fw-[A-Za-z0-9_-]{43}$/);
  return key;
}

async function setUsersApiAccess(admin: Page, on: boolean) {
  await admin.goto("/admin/users");
  const panel = admin.getByRole("form", { name: "API access" });
  await panel.getByLabel("Users may use the API").setChecked(on);
  await expect(panel.getByLabel("Admins may use the API")).toBeChecked();
  await panel.getByRole("button", { name: "Save API access" }).click();
  await expect(panel.getByText("API access saved.")).toBeVisible();
}

test("an admin revokes a user's key and turns API access off and on for users", async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const admin = await (await browser.newContext()).newPage();
  // The admin first: when this spec runs alone, the first account to sign up becomes an admin.
  await signInAdmin(admin);
  const owner = await (await browser.newContext()).newPage();
  await signUp(owner, "Kim Keyholder", uniqueEmail("keyholder"));
  const leaked = await createKey(owner, "Leaky key");
  const client = (key: string) => new OpenAI({ apiKey: key, baseURL: `${baseURL}/api/v1`, maxRetries: 0 });
  await client(leaked).models.list();

  // Whose key is this? The search takes its first characters.
  await admin.goto(`/admin/users?q=${leaked.slice(0, 11)}`);
  await expect(admin.getByRole("cell", { name: "Kim Keyholder", exact: true })).toBeVisible();
  await admin.getByRole("button", { name: "API keys (1) of Kim Keyholder" }).click();
  const keys = admin.getByRole("table", { name: "API keys of Kim Keyholder" });
  const row = keys.getByRole("row").filter({ hasText: "Leaky key" });
  await expect(row).toContainText(`${leaked.slice(0, 11)}…`);
  await expect(row).toContainText("chat, feedback");
  await expect(row.getByRole("cell", { name: "Active", exact: true })).toBeVisible();
  await row.getByRole("button", { name: "Revoke Leaky key" }).click();
  await expect(row.getByRole("cell", { name: "Revoked", exact: true })).toBeVisible();
  await expect(row.getByRole("button", { name: "Revoke Leaky key" })).toHaveCount(0);
  await expect(client(leaked).models.list()).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
  await expect(admin.getByRole("button", { name: "API keys (1) of Kim Keyholder" })).toContainText(
    "0 active",
  );

  const second = await createKey(owner, "Second key");
  await client(second).models.list();
  try {
    await setUsersApiAccess(admin, false);
    await expect(client(second).models.list()).rejects.toBeInstanceOf(OpenAI.PermissionDeniedError);
  } finally {
    // Later specs' users need the API.
    await setUsersApiAccess(admin, true);
  }
  expect((await client(second).models.list()).data.length).toBeGreaterThan(0);

  await admin.goto("/admin/audit");
  const log = admin.getByRole("table", { name: "Audit log" });
  // Off and on: two entries (more when the spec is repeated on the same database).
  await expect(log.getByRole("cell", { name: "settings.apiRoles", exact: true }).nth(1)).toBeVisible();
  await expect(log.getByRole("cell", { name: "apiKey.revoke", exact: true }).first()).toBeVisible();
});
