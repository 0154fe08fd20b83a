import { expect, test } from "@playwright/test";
import { signInAdmin, signOut, signUp, uniqueEmail } from "./helpers";

// The playground's toolbar: "View code" shows the current set-up as requests to Flywheel's own API,
// and presets save, replace, share (admins) and load a set-up. Names are unique per run, so the spec
// holds when it repeats on one database.

test("View code shows the current set-up as curl, Node and Python, by keyboard", async ({ page }) => {
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await signUp(page, "Vic Viewer", uniqueEmail("viewer"));
  await page.goto("/playground");
  await page.getByLabel("System prompt").fill("Answer in French.");
  await page.getByLabel("Message 1", { exact: true }).fill("What's a flywheel?");
  await page.getByLabel("Seed").fill("42");
  await page.getByRole("button", { name: "View code" }).click();
  const dialog = page.getByRole("dialog", { name: "View code" });
  const curl = dialog.getByRole("tab", { name: "curl" });
  await expect(curl).toHaveAttribute("aria-selected", "true");
  const panel = dialog.getByRole("tabpanel");
  await expect(panel).toContainText("Authorization: Bearer $FLYWHEEL_API_KEY");
  await expect(panel).toContainText("/api/v1/chat/completions");
  await expect(panel).toContainText('"content": "Answer in French."');
  await expect(panel).toContainText(`"content": "What's a flywheel?"`);
  await expect(panel).toContainText('"seed": 42');
  await curl.focus();
  await page.keyboard.press("ArrowRight");
  await expect(dialog.getByRole("tab", { name: "Node" })).toBeFocused();
  await expect(dialog.getByRole("tabpanel", { name: "Node" })).toContainText('import OpenAI from "openai"');
  await page.keyboard.press("End");
  await expect(dialog.getByRole("tabpanel", { name: "Python" })).toContainText("from openai import OpenAI");
  await page.keyboard.press("ArrowRight");
  await expect(dialog.getByRole("tab", { name: "curl" })).toBeFocused();
  await dialog.getByRole("button", { name: "Copy" }).click();
  await expect(dialog.getByRole("status")).toHaveText("Copied.");
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
});

test("presets: save, replace, share with everyone, load as another user, delete", async ({ page }) => {
  const name = `Brief ${Date.now()}`;
  const mine = `Mine ${Date.now()}`;
  await signInAdmin(page);
  await page.goto("/playground");
  await page.getByLabel("System prompt").fill("First prompt");
  await page.getByRole("button", { name: "Save preset" }).click();
  const save = page.getByRole("dialog", { name: "Save preset" });
  await save.getByRole("button", { name: "Save", exact: true }).click();
  await expect(save.getByLabel("Preset name")).toHaveAccessibleDescription("Name the preset.");
  await save.getByLabel("Preset name").fill(name);
  await save.getByRole("button", { name: "Save", exact: true }).click();
  await expect(save).toBeHidden();

  await page.getByLabel("System prompt").fill("Changed prompt");
  await page.getByRole("button", { name: "Save preset" }).click();
  await save.getByLabel("Preset name").fill(name);
  await save.getByRole("button", { name: "Save", exact: true }).click();
  await expect(save.getByRole("alert")).toContainText(`You already have a preset named "${name}".`);
  await save.getByRole("button", { name: "Replace" }).click();
  await expect(save).toBeHidden();

  await page.getByLabel("System prompt").fill("Other");
  await page.getByRole("button", { name: "Presets" }).click();
  const list = page.getByRole("list", { name: "Presets" });
  await list.getByRole("checkbox", { name: `Share with everyone: ${name}` }).check();
  await list.getByRole("button", { name: `Load preset ${name}` }).click();
  await expect(page.getByLabel("System prompt")).toHaveValue("Changed prompt");
  await expect(list).toBeHidden();

  await signOut(page);
  await signUp(page, "Una User", uniqueEmail("una"));
  await page.goto("/playground");
  await page.getByRole("button", { name: "Presets" }).click();
  await expect(list.getByRole("button", { name: `Load preset ${name}` })).toBeVisible();
  await expect(list.getByRole("button", { name: `Delete preset ${name}` })).toHaveCount(0);
  await expect(list.getByRole("checkbox")).toHaveCount(0);
  await list.getByRole("button", { name: `Load preset ${name}` }).click();
  await expect(page.getByLabel("System prompt")).toHaveValue("Changed prompt");

  await page.getByRole("button", { name: "Save preset" }).click();
  await save.getByLabel("Preset name").fill(mine);
  await page.keyboard.press("Enter");
  await expect(save).toBeHidden();
  await page.getByRole("button", { name: "Presets" }).click();
  await list.getByRole("button", { name: `Delete preset ${mine}` }).click();
  await page.getByRole("dialog", { name: "Delete preset?" }).getByRole("button", { name: "Delete" }).click();
  await expect(list.getByRole("button", { name: `Load preset ${mine}` })).toHaveCount(0);
});
