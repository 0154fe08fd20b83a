import { expect, test } from "@playwright/test";
import { PASSWORD, signIn, signUp, uniqueEmail } from "./helpers";

test("the training-consent switch persists across reloads", async ({ page }) => {
  await signUp(page, "Consent Carol", uniqueEmail("carol"));
  await page.goto("/settings");
  const consent = page.getByRole("switch", { name: "Use my conversations to improve models" });
  await expect(consent).toHaveAttribute("aria-checked", "true");
  await consent.click();
  await expect(consent).toHaveAttribute("aria-checked", "false");
  await expect(page.getByText("Saved. Your conversations will not be used to improve models.")).toBeVisible();
  await page.reload();
  await expect(consent).toHaveAttribute("aria-checked", "false");
  await consent.click();
  await expect(page.getByText("Saved. Your conversations may be used to improve models.")).toBeVisible();
  await page.reload();
  await expect(consent).toHaveAttribute("aria-checked", "true");
});

test("name and password changes take effect; the password change ends other sessions", async ({
  page,
  browser,
}) => {
  const email = uniqueEmail("dave");
  await signUp(page, "Dave", email);
  const otherContext = await browser.newContext();
  const other = await otherContext.newPage();
  await signIn(other, email);
  await page.goto("/settings");
  await page.getByLabel("Name", { exact: true }).fill("David");
  await page.getByRole("button", { name: "Save name" }).click();
  await expect(page.getByText("Name saved.")).toBeVisible();
  await page.getByLabel("Current password").fill(PASSWORD);
  await page.getByLabel("New password").fill("a new long password");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("Password changed. Your other devices were signed out.")).toBeVisible();
  // This device stays signed in; the other one is signed out.
  await page.goto("/settings");
  await expect(page.getByRole("heading", { name: "Settings" })).toBeVisible();
  await other.reload();
  await expect(other).toHaveURL(/\/sign-in/);
  await otherContext.close();
  await page.getByRole("button", { name: "Account menu" }).click();
  await expect(page.getByRole("menu")).toContainText("David");
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await signIn(page, email, "a new long password");
  await expect(page).toHaveURL(/\/$/);
});

test("'Sign out of all devices' ends every session, this one included", async ({ page, browser }) => {
  const email = uniqueEmail("gina");
  await signUp(page, "Gina", email);
  const otherContext = await browser.newContext();
  const other = await otherContext.newPage();
  await signIn(other, email);
  expect(await (await other.request.get("/api/auth/session")).json()).toMatchObject({ user: { email } });

  await page.goto("/settings");
  await page.getByRole("button", { name: "Sign out of all devices" }).click();
  await expect(page).toHaveURL(/\/sign-in/);

  // The other browser's token is refused everywhere, Auth.js's own session endpoint included.
  expect(await (await other.request.get("/api/auth/session")).json()).toBeNull();
  await other.goto("/settings");
  await expect(other).toHaveURL(/\/sign-in/);
  await otherContext.close();
  await signIn(page, email);
  await expect(page).toHaveURL(/\/$/);
});

test("deleting the account signs out and the account is gone", async ({ page }) => {
  const email = uniqueEmail("erin");
  await signUp(page, "Erin", email);
  await page.goto("/settings");
  await page.getByRole("button", { name: "Delete account" }).click();
  const confirm = page.getByRole("button", { name: "Delete my account permanently" });
  await expect(confirm).toBeDisabled();
  await page.getByLabel("Confirm email").fill(email);
  await confirm.click();
  await expect(page).toHaveURL(/\/sign-in/);
  await signIn(page, email, PASSWORD, { expectFailure: true });
  await expect(page.getByText("Email or password is incorrect.")).toBeVisible();
});

test("the shell works on a phone-sized screen", async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 740 });
  await signUp(page, "Phone Frank", uniqueEmail("frank"));
  await page.getByRole("button", { name: "Account menu" }).click();
  await page.getByRole("menuitem", { name: "Settings" }).click();
  await expect(page.getByRole("heading", { name: "Settings" })).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});
