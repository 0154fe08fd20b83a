import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import { signInAdmin, signOut, signUp, uniqueEmail } from "./helpers";
import { answers, send, waitForAnswer } from "./chat-helpers";

type PickerOptions = {
  suggestedName: string;
  types: { description: string; accept: Record<string, string[]> }[];
};
type PickerWindow = Window & {
  showSaveFilePicker?: (options: PickerOptions) => Promise<FileSystemFileHandle>;
  pickedWith?: PickerOptions[];
};

/**
 * Stands in for the native save dialog, which Playwright cannot drive: the "chosen" file is a real one in
 * the origin private file system, so the download really streams to disk. Each call's options are kept.
 */
function pickFileInOriginPrivateFileSystem() {
  const picker = window as PickerWindow;
  picker.pickedWith = [];
  picker.showSaveFilePicker = async (options) => {
    picker.pickedWith!.push(options);
    const root = await navigator.storage.getDirectory();
    return root.getFileHandle(options.suggestedName, { create: true });
  };
}

/** The text of a file in the origin private file system, or null when it does not exist. */
function readOriginPrivateFile(page: Page, name: string): Promise<string | null> {
  return page.evaluate(async (name) => {
    const root = await navigator.storage.getDirectory();
    const handle = await root.getFileHandle(name).catch(() => null);
    return handle ? (await handle.getFile()).text() : null;
  }, name);
}

async function previewOpenaiSft(page: Page) {
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
  return preview;
}

/** Checks that every line is an OpenAI chat fine-tuning example with a trained answer; returns the count. */
function expectValidOpenaiSft(text: string): number {
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
  return lines.length;
}

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

  test("without a save picker, an admin previews and downloads openai-sft, and every line of the file is valid", async ({
    page,
  }) => {
    // As in Firefox and Safari: the button assembles the file in memory and saves it through a link.
    await page.addInitScript(() => delete (window as PickerWindow).showSaveFilePicker);
    const preview = await previewOpenaiSft(page);
    await expect(preview.getByText("for very large exports, use the direct link")).toBeVisible();

    const downloading = page.waitForEvent("download");
    await preview.getByRole("button", { name: "Download" }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe("openai-sft.jsonl");
    await expect(preview.getByRole("status")).toContainText("Saved openai-sft.jsonl");

    expectValidOpenaiSft(await readFile(await download.path(), "utf8"));
  });

  test("with a save picker, the download streams into the chosen file with its line count", async ({
    page,
  }) => {
    await page.addInitScript(pickFileInOriginPrivateFileSystem);
    const preview = await previewOpenaiSft(page);
    await expect(preview.getByText("for very large exports, use the direct link")).toBeHidden();
    let linkDownloads = 0;
    page.on("download", () => (linkDownloads += 1));

    await preview.getByRole("button", { name: "Download" }).click();
    const status = preview.getByRole("status");
    await expect(status).toContainText("Saved openai-sft.jsonl");

    const picked = await page.evaluate(() => (window as PickerWindow).pickedWith);
    expect(picked).toEqual([
      {
        suggestedName: "openai-sft.jsonl",
        types: [{ description: "JSON Lines", accept: { "application/x-ndjson": [".jsonl"] } }],
      },
    ]);
    const text = await readOriginPrivateFile(page, "openai-sft.jsonl");
    const lines = expectValidOpenaiSft(text ?? "");
    const counted = /: ([\d,]+)(?: of [\d,]+)? lines/.exec((await status.textContent()) ?? "");
    expect(Number(counted?.[1]?.replaceAll(",", ""))).toBe(lines);
    expect(linkDownloads).toBe(0);
  });

  test("dismissing the save picker starts nothing", async ({ page }) => {
    await page.addInitScript(() => {
      const picker = window as PickerWindow;
      picker.pickedWith = [];
      picker.showSaveFilePicker = (options) => {
        picker.pickedWith!.push(options);
        return Promise.reject(new DOMException("The user aborted a request.", "AbortError"));
      };
    });
    const preview = await previewOpenaiSft(page);
    const exportRequests: string[] = [];
    page.on("request", (request) => {
      if (new URL(request.url()).pathname === "/api/admin/export") exportRequests.push(request.url());
    });

    await preview.getByRole("button", { name: "Download" }).click();
    await expect.poll(() => page.evaluate(() => (window as PickerWindow).pickedWith?.length)).toBe(1);
    await expect(preview.getByRole("button", { name: "Download" })).toBeVisible();
    await expect(preview.getByRole("status")).toBeEmpty();
    expect(exportRequests).toEqual([]);
  });

  test("cancelling a streaming download discards the file and says so", async ({ page }) => {
    await page.addInitScript(pickFileInOriginPrivateFileSystem);
    const preview = await previewOpenaiSft(page);
    // The fixture export is one line of under 1 KB, sent in one chunk, so nothing can be cancelled between
    // two chunks. On a slow network (Chromium's own throttling, 100 bytes/s) its response takes ~30 s
    // to arrive, so Cancel (~0.2 s after the click) lands while the file is open and the download running.
    const devtools = await page.context().newCDPSession(page);
    await devtools.send("Network.enable");
    await devtools.send("Network.emulateNetworkConditions", {
      offline: false,
      latency: 0,
      downloadThroughput: 100,
      uploadThroughput: -1,
    });

    await preview.getByRole("button", { name: "Download" }).click();
    const status = preview.getByRole("status");
    await expect(status).toContainText("Downloading…");
    await preview.getByRole("button", { name: "Cancel download" }).click();
    await expect(status).toHaveText("Download cancelled: nothing was saved.");
    await expect(preview.getByRole("button", { name: "Download" })).toBeVisible();
    // The writable was aborted: the chosen file exists (the picker created it) but holds nothing.
    expect(await readOriginPrivateFile(page, "openai-sft.jsonl")).toBe("");
  });

  test("the download route answers 404 to anyone but an admin", async ({ page }) => {
    const anonymous = await page.request.get("/api/admin/export?format=openai-sft", { maxRedirects: 0 });
    expect(anonymous.status()).toBe(404);
    await signUp(page, "Curious Carl", uniqueEmail("curious"));
    const user = await page.request.get("/api/admin/export?format=openai-sft", { maxRedirects: 0 });
    expect(user.status()).toBe(404);
  });
});
