import { expect, test, type Locator, type Page } from "@playwright/test";
import { signInAdmin } from "./helpers";

// Admin → Models → "Playground, arena and leaderboard" against the running app: an out-of-range share
// is refused with its message and nothing changes; a valid change is kept across a reload and shows
// in the audit log. The switches are put back at the end, so later specs' chats get no blind arena.

function switches(page: Page) {
  const section = page.getByRole("region", { name: "Playground, arena and leaderboard" });
  return {
    section,
    share: section.getByLabel("Blind arena share"),
    leaderboard: section.getByRole("checkbox", { name: "Show the leaderboard to users" }),
    adminsOnly: section.getByRole("checkbox", { name: "Playground for admins only" }),
    save: async () => {
      await section.getByRole("button", { name: "Save", exact: true }).click();
    },
  };
}

async function expectSaved(section: Locator) {
  await expect(section.getByRole("status")).toHaveText("Playground, arena and leaderboard settings saved.");
}

test("an admin sets the blind arena share and the public leaderboard; both are kept and audited", async ({
  page,
}) => {
  await signInAdmin(page);
  await page.goto("/admin/models");
  const form = switches(page);
  const before = {
    share: await form.share.inputValue(),
    leaderboard: await form.leaderboard.isChecked(),
    adminsOnly: await form.adminsOnly.isChecked(),
  };
  await expect(form.share).toHaveAccessibleDescription(
    /share \(0–100 %\) of new chat turns answered by two anonymous models/,
  );

  try {
    // Out of range: the field says why, and nothing is written.
    await form.share.fill("150");
    await form.save();
    await expect(form.section.getByRole("alert")).toHaveText("The arena share is at most 100 %.");
    await expect(form.share).toHaveAttribute("aria-invalid", "true");
    await expect(form.share).toHaveAccessibleDescription("The arena share is at most 100 %.");
    await page.reload();
    await expect(form.share).toHaveValue(before.share);

    await form.share.fill("5");
    await form.leaderboard.setChecked(true);
    await form.save();
    await expectSaved(form.section);
    await expect(form.share).not.toHaveAttribute("aria-invalid");

    await page.reload();
    await expect(form.share).toHaveValue("5");
    await expect(form.leaderboard).toBeChecked();
    await expect(form.adminsOnly).toBeChecked({ checked: before.adminsOnly });

    await page.goto("/admin/audit");
    const entry = page
      .getByRole("table", { name: "Audit log" })
      .getByRole("row")
      .filter({ has: page.getByRole("cell", { name: "settings.features", exact: true }) })
      .first();
    await expect(entry).toContainText("arenaSharePercent");
    await expect(entry).toContainText("leaderboardPublic");
  } finally {
    await page.goto("/admin/models");
    const reset = switches(page);
    await reset.share.fill(before.share);
    await reset.leaderboard.setChecked(before.leaderboard);
    await reset.save();
    await expectSaved(reset.section);
  }
});
