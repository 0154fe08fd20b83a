import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { signInAdmin, signOut, signUp, uniqueEmail } from "./helpers";
import { answers, send, waitForAnswer } from "./chat-helpers";

test.describe.serial("training-data export", () => {
  test("a consenting user rates an answer up", async ({ page }) => {
    // The admin exists first, so the user is not the first account (which would make them an admin).
    await signInAdmin(page);
    await signOut(page);
    await signUp(page, "Exported Eve", uniqueEmail("exported"));
    await send(page, "Give me one tip for writing tests");
    await waitForAnswer(page);
    const answer = answers(page).first();
    await answer.getByRole("button", { name: "Good response" }).click();
    await expect(answer.getByRole("button", { name: "Good response" })).toHaveAttribute(
      "aria-pressed",
      "true",
    );
    await page
      .getByRole("dialog", { name: "Feedback" })
      .getByRole("button", { name: "Close feedback" })
      .click();
  });

  test("an admin previews and downloads openai-sft, and every line of the file is valid", async ({
    page,
  }) => {
    await signInAdmin(page);
    await page.goto("/admin");
    await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Export" }).click();
    await expect(page.getByRole("heading", { name: "Export", level: 1 })).toBeVisible();
    await page.getByLabel("Format").selectOption("openai-sft");
    await expect(page.getByLabel("Deduplicate")).toBeChecked();
    await page.getByRole("button", { name: "Preview" }).click();
    await expect(page).toHaveURL(/format=openai-sft/);
    const preview = page.getByRole("region", { name: "Preview" });
    await expect(preview.getByRole("heading", { name: "First lines" })).toBeVisible();
    await expect(preview.getByLabel("First lines")).toContainText('"role":"assistant"');

    const downloading = page.waitForEvent("download");
    await preview.getByRole("button", { name: "Download" }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe("openai-sft.jsonl");
    await expect(preview.getByRole("status")).toContainText("Saved openai-sft.jsonl");

    const text = await readFile((await download.path())!, "utf8");
    expect(text.endsWith("\n")).toBe(true);
    const lines = text.split("\n").slice(0, -1);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      const row = JSON.parse(line) as { messages: { role: string; content: string; weight?: number }[] };
      expect(Array.isArray(row.messages)).toBe(true);
      const assistants = row.messages.filter((message) => message.role === "assistant");
      expect(assistants.length).toBeGreaterThan(0);
      expect(assistants.some((message) => message.weight === 1 && message.content.trim() !== "")).toBe(true);
    }
  });

  test("the download route answers 404 to anyone but an admin", async ({ page }) => {
    const anonymous = await page.request.get("/api/admin/export?format=openai-sft", { maxRedirects: 0 });
    expect(anonymous.status()).toBe(404);
    await signUp(page, "Curious Carl", uniqueEmail("curious"));
    const user = await page.request.get("/api/admin/export?format=openai-sft", { maxRedirects: 0 });
    expect(user.status()).toBe(404);
  });
});
