import { expect, type Page } from "@playwright/test";

export const PASSWORD = "e2e passphrase 123";

export function uniqueEmail(prefix: string): string {
  return `${prefix}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.test`;
}

export async function signUp(page: Page, name: string, email: string, password = PASSWORD) {
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/$/);
}

/** Signs in and, unless told the attempt should fail, waits until the app has let us in. */
export async function signIn(page: Page, email: string, password = PASSWORD, { expectFailure = false } = {}) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  if (!expectFailure) await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
}

export async function signOut(page: Page) {
  await page.getByRole("button", { name: "Account menu" }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
}

export const ADMIN_EMAIL = "e2e-admin@example.test";

/** Signs in the admin account the e2e run lists in ADMIN_EMAILS, creating it the first time. */
export async function signInAdmin(page: Page) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(ADMIN_EMAIL);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page
    .waitForURL((url) => !url.pathname.startsWith("/sign-in"), { timeout: 5_000 })
    .catch(async () => {
      // First time (a spec run alone): the account does not exist yet.
      await signUp(page, "Ada Reviewer", ADMIN_EMAIL);
    });
}
