import { expect, test } from "@playwright/test";
import { PASSWORD, signIn, signOut, signUp, uniqueEmail } from "./helpers";

// Runs first on a fresh database: the first account becomes the admin.
test.describe.serial("accounts", () => {
  const adminEmail = uniqueEmail("admin");
  const userEmail = uniqueEmail("user");

  test("a signed-out visitor is sent to sign-in, and the pages link to each other", async ({ page }) => {
    await page.goto("/settings");
    await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fsettings$/);
    await page.getByRole("link", { name: "Create an account" }).click();
    await expect(page).toHaveURL(/\/sign-up$/);
    await page.getByRole("link", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/sign-in$/);
  });

  test("the first account is an admin", async ({ page }) => {
    await signUp(page, "Ada Admin", adminEmail);
    await expect(page.getByRole("heading", { name: "What can I help with?" })).toBeVisible();
    await page.getByRole("button", { name: "Account menu" }).click();
    await page.getByRole("menuitem", { name: "Admin" }).click();
    await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
    await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Users" }).click();
    await expect(page.getByRole("heading", { name: "Users", level: 1 })).toBeVisible();
    await expect(page.getByRole("cell", { name: adminEmail })).toBeVisible();
    await signOut(page);
  });

  test("sign-up shows field errors and keeps what was typed", async ({ page }) => {
    await page.goto("/sign-up");
    await page.getByLabel("Name").fill("Bob");
    await page.getByLabel("Email").fill("not-an-email");
    await page.getByLabel("Password").fill("short");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByText("Enter a valid email address.")).toBeVisible();
    await expect(page.getByText("Password must be at least 8 characters.")).toBeVisible();
    await expect(page.getByLabel("Name")).toHaveValue("Bob");

    await page.getByLabel("Email").fill(adminEmail);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByText("An account with this email already exists. Sign in instead.")).toBeVisible();
  });

  test("a second account is a user and is kept out of admin", async ({ page }) => {
    await signUp(page, "Bob User", userEmail);
    await page.getByRole("button", { name: "Account menu" }).click();
    await expect(page.getByRole("menuitem", { name: "Settings" })).toBeVisible();
    await expect(page.getByRole("menuitem", { name: "Admin" })).toHaveCount(0);
    await page.goto("/admin");
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByRole("heading", { name: "What can I help with?" })).toBeVisible();
  });

  test("sign-out, a wrong password, then sign-in returns to the page asked for", async ({ page }) => {
    await signIn(page, userEmail, PASSWORD);
    await expect(page).toHaveURL(/\/$/);
    await signOut(page);
    await page.goto("/");
    await expect(page).toHaveURL(/\/sign-in$/);

    await page.goto("/settings");
    await page.getByLabel("Email").fill(userEmail);
    await page.getByLabel("Password").fill("not my password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByText("Email or password is incorrect.")).toBeVisible();
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/settings$/);
    await expect(page.getByRole("heading", { name: "Settings" })).toBeVisible();
  });

  test("a forged X-Forwarded-For does not get around the sign-in throttle", async ({ page }) => {
    const email = uniqueEmail("target");
    await signUp(page, "Target", email);
    await signOut(page);
    // Each guess claims another client address. The server appends the socket's address to the header
    // and reads from the right, so all ten count against this one address and account.
    for (let i = 1; i <= 10; i++) {
      await page.setExtraHTTPHeaders({ "X-Forwarded-For": `203.0.113.${i}` });
      await signIn(page, email, "not my password", { expectFailure: true });
      await expect(page.getByText("Email or password is incorrect.")).toBeVisible();
    }
    await page.setExtraHTTPHeaders({ "X-Forwarded-For": "198.51.100.77, 203.0.113.99" });
    await signIn(page, email, PASSWORD, { expectFailure: true });
    await expect(
      page.getByText(/Too many failed sign-in attempts\. Try again in 1[45] minutes\./),
    ).toBeVisible();
    await expect(page).toHaveURL(/\/sign-in/);
  });

  test("an admin disables a user, who loses access on the next request", async ({ browser }) => {
    const userContext = await browser.newContext();
    const userPage = await userContext.newPage();
    await signIn(userPage, userEmail);
    await expect(userPage).toHaveURL(/\/$/);

    const adminContext = await browser.newContext();
    const adminPage = await adminContext.newPage();
    await signIn(adminPage, adminEmail);
    await adminPage.goto("/admin/users");
    await adminPage.getByRole("searchbox", { name: "Search users" }).fill(userEmail);
    await adminPage.getByRole("searchbox", { name: "Search users" }).press("Enter");
    await expect(adminPage).toHaveURL(/\/admin\/users\?q=/);
    await adminPage.getByRole("button", { name: "Disable Bob User" }).click();
    await expect(adminPage.getByRole("button", { name: "Enable Bob User" })).toBeVisible();

    await userPage.reload();
    await expect(userPage).toHaveURL(/\/sign-in/);
    await signIn(userPage, userEmail, PASSWORD, { expectFailure: true });
    await expect(
      userPage.getByText("This account has been disabled. Contact your administrator."),
    ).toBeVisible();

    await adminPage.getByRole("button", { name: "Enable Bob User" }).click();
    await expect(adminPage.getByRole("button", { name: "Disable Bob User" })).toBeVisible();
    // Disabling ended the user's sessions for good (the session epoch): enabled again, they sign in anew.
    await userPage.goto("/");
    await expect(userPage).toHaveURL(/\/sign-in/);
    await signIn(userPage, userEmail);
    await expect(userPage.getByRole("heading", { name: "What can I help with?" })).toBeVisible();
    await userContext.close();
    await adminContext.close();
  });
});
