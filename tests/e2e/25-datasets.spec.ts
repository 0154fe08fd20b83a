import { readFile } from "node:fs/promises";
import { execFileSync } from "node:child_process";
import { expect, test, type Page } from "@playwright/test";
import { signIn, signInAdmin, signOut, signUp, uniqueEmail } from "./helpers";
import { answers, send, waitForAnswer } from "./chat-helpers";

// Admin → Export → "Save as dataset", the dataset in Admin → Datasets with its downloads, and the
// withdrawn-data flag once the user whose conversation it holds deletes that conversation.
const email = uniqueEmail("dataset-dan");
const NAME = "E2E snapshot";

async function openDatasets(page: Page) {
  await page.goto("/admin");
  await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Datasets" }).click();
  await expect(page.getByRole("heading", { name: "Datasets", level: 1 })).toBeVisible();
}

test.describe.serial("saved datasets", () => {
  test("a consenting user rates an answer up", async ({ page }) => {
    await signInAdmin(page);
    await signOut(page);
    await signUp(page, "Dataset Dan", email);
    await send(page, "Name one habit of good engineers");
    await waitForAnswer(page);
    const answer = answers(page).first();
    await answer.getByRole("button", { name: "Good response" }).click();
    await expect(answer.getByRole("button", { name: "Good response" })).toHaveAttribute(
      "aria-pressed",
      "true",
    );
  });

  test("an admin saves the previewed export as a dataset and downloads it", async ({ page }) => {
    await signInAdmin(page);
    await page.goto("/admin/export");
    await page.getByLabel("Format").selectOption("trl-sft");
    await page.getByRole("button", { name: "Preview" }).click();
    await expect(page).toHaveURL(/format=trl-sft/);
    const preview = page.getByRole("region", { name: "Preview" });
    await preview.getByLabel("Dataset name").fill(NAME);
    await preview.getByRole("button", { name: "Save as dataset" }).click();
    await expect(preview.getByRole("status").filter({ hasText: "Saved" })).toBeVisible({ timeout: 30_000 });

    await openDatasets(page);
    const row = page.getByRole("row").filter({ hasText: NAME });
    await expect(row).toContainText("trl-sft");
    await expect(row).not.toContainText("withdrawn data");
    await row.getByRole("link", { name: NAME }).click();
    await expect(page.getByRole("heading", { name: NAME, level: 1 })).toBeVisible();
    await expect(page.getByRole("link", { name: "trl-sft.train.jsonl" })).toBeVisible();

    const downloadingFile = page.waitForEvent("download");
    await page.getByRole("link", { name: "trl-sft.train.jsonl" }).click();
    const file = await downloadingFile;
    expect(file.suggestedFilename()).toBe("trl-sft.train.jsonl");
    const lines = (await readFile(await file.path(), "utf8")).split("\n").filter((line) => line !== "");
    expect(lines.length).toBeGreaterThan(0);
    // TRL's conversational prompt-completion rows, the user's question among them.
    for (const line of lines)
      expect(Object.keys(JSON.parse(line) as object)).toEqual(["prompt", "completion"]);
    expect(lines.join("\n")).toContain("Name one habit of good engineers");

    const downloadingZip = page.waitForEvent("download");
    await page.getByRole("link", { name: "Download all (ZIP)" }).click();
    const zip = await downloadingZip;
    expect(zip.suggestedFilename()).toBe("E2E-snapshot.zip");
    const readme = execFileSync("unzip", ["-p", await zip.path(), "README.md"], { encoding: "utf8" });
    expect(readme).toContain("trl sft");
  });

  test("the dataset is flagged once the user deletes the conversation it holds", async ({ page }) => {
    await signIn(page, email);
    const sidebar = page.getByRole("navigation", { name: "Conversations" });
    await sidebar.getByRole("listitem").first().getByRole("button", { name: "Conversation options" }).click();
    await page.getByRole("menuitem", { name: "Delete" }).click();
    await page.getByRole("dialog", { name: "Delete chat?" }).getByRole("button", { name: "Delete" }).click();
    await expect(sidebar.getByRole("button", { name: "Conversation options" })).toHaveCount(0);
    await signOut(page);

    await signInAdmin(page);
    await openDatasets(page);
    const row = page.getByRole("row").filter({ hasText: NAME });
    await expect(row).toContainText("Contains withdrawn data — rebuild before training");
    await row.getByRole("link", { name: NAME }).click();
    await expect(page.getByText("A conversation it holds was deleted.")).toBeVisible();
  });
});
