import { createHash, randomUUID } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { expect, test } from "@playwright/test";
import { signInAdmin } from "./helpers";

// A held-out replay judged by admins, through the UI: "Evaluate" on a model, the estimate, the start,
// the runner (the server's background job) answering with the fake upstream's model and the offline
// one, the blind review queue, and the result. The dataset is written as the datasets feature saves
// one: its row, and its validation file where the server reads it (FLYWHEEL_DATA_DIR/datasets).
const CANDIDATE = "fake-model";
const BASELINE = "offline-demo";

async function seedDataset(name: string): Promise<string> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("This spec writes to the database: run it with TEST_DATABASE_URL set.");
  const id = randomUUID();
  const dir = path.resolve(
    process.env.DATASETS_DIR || path.join(process.env.FLYWHEEL_DATA_DIR || ".data", "datasets"),
    id,
  );
  mkdirSync(dir, { recursive: true });
  const rows = ["What is a flywheel?", "Why do kites fly?"].map((q) => ({
    prompt: [{ role: "user", content: q }],
    completion: [{ role: "assistant", content: "Because." }],
  }));
  const text = rows.map((row) => JSON.stringify(row)).join("\n") + "\n";
  writeFileSync(path.join(dir, "validation.jsonl"), text);
  const sha256 = createHash("sha256").update(text).digest("hex");
  const files = [
    { name: "validation.jsonl", split: "validation", bytes: text.length, sha256, rows: rows.length },
  ];
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO "Dataset" ("id", "name", "format", "request", "files", "sha256", "trainRows", "validationRows")
       VALUES ($1::uuid, $2, 'trl-sft', '{}'::jsonb, $3::jsonb, $4, 0, $5)`,
      [id, name, JSON.stringify(files), sha256, rows.length],
    );
  } finally {
    await client.end();
  }
  return id;
}

test("an admin evaluates a candidate, reviews the pairs blind, and sees the result", async ({ page }) => {
  test.setTimeout(120_000);
  const name = `Eval e2e ${randomUUID().slice(0, 8)}`;
  const datasetId = await seedDataset(name);
  await signInAdmin(page);

  await page.goto(`/admin/evaluations/new?candidate=${CANDIDATE}`);
  await expect(page.getByRole("heading", { name: "New evaluation" })).toBeVisible();
  await expect(page.getByLabel("Candidate")).toHaveValue(CANDIDATE);
  await page.getByLabel("Baseline").selectOption(BASELINE);
  await page.getByLabel("Dataset").selectOption(datasetId);
  await expect(page.getByLabel("Judge")).toHaveValue("admins");
  await page.getByRole("button", { name: "Estimate cost" }).click();
  await expect(page.getByRole("status")).toContainText("Estimated cost");
  await expect(page.getByRole("status")).toContainText("2 prompts");
  await page.getByRole("button", { name: "Start evaluation" }).click();
  await page.waitForURL(/\/admin\/evaluations\/[0-9a-f-]{36}$/);

  // The runner picks it up within seconds; the page refreshes itself while it runs.
  await expect(page.getByTestId("evaluation-status")).toHaveText("judging", { timeout: 60_000 });
  await page.getByRole("link", { name: /Review queue/ }).click();
  await expect(page.getByText("0 of 2 pairs judged")).toBeVisible();

  // Blind: two responses, no model name on the page.
  await expect(page.getByRole("article", { name: "Response A" })).toBeVisible();
  await expect(page.getByRole("article", { name: "Response B" })).toBeVisible();
  await expect(page.locator("main")).not.toContainText(CANDIDATE);
  await expect(page.locator("main")).not.toContainText(BASELINE);
  await page.getByRole("button", { name: "A is better" }).click();
  await expect(page.getByText("1 of 2 pairs judged")).toBeVisible();
  // The next pair, judged from the keyboard.
  await page.getByRole("button", { name: "Tie" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByText("2 of 2 pairs judged")).toBeVisible();
  await expect(page.getByText("Nothing left to judge.")).toBeVisible();

  await page.getByRole("link", { name: "See the results" }).click();
  await expect(page.getByTestId("evaluation-status")).toHaveText("done");
  await expect(page.getByTestId("tally")).toHaveText(
    /^(1 wins · 0 losses|0 wins · 1 losses) · 1 ties · 0 both bad$/,
  );
  await expect(page.getByText(/not significant/)).toBeVisible();

  await page.getByRole("link", { name: "Evaluations", exact: true }).first().click();
  await expect(page.getByRole("heading", { name: "Evaluations" })).toBeVisible();
  await expect(page.getByRole("cell", { name: "done" }).first()).toBeVisible();
});
