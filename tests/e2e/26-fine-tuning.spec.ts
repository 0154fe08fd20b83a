import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import pg from "pg";
import { startFakeFineTuneProcess, type FakeFineTuneProcess } from "../helpers/fake-finetune/process";
import { signInAdmin } from "./helpers";

// Admin → Fine-tuning end to end against the fake OpenAI fine-tuning service (its own process): an
// account pointing at the fake, a job started from the form on a saved dataset, followed by the
// server's poller to success, the loss chart, and the registered model — disabled — with its lineage.
// Needs TEST_DATABASE_URL (the dataset and the serving provider are seeded in the database).
const BASE = "gpt-4o-mini-2024-07-18";
const DATASET = "E2E support answers";

let fake: FakeFineTuneProcess | undefined;
let fakeUrl = "";

async function sql(text: string, values: unknown[] = []) {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("This spec writes to the database: run it with TEST_DATABASE_URL set.");
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(text, values);
  } finally {
    await client.end();
  }
}

/** A saved openai-sft dataset (12 training rows) where the server keeps dataset files. */
async function seedDataset(): Promise<void> {
  const lines = Array.from({ length: 12 }, (_, i) =>
    JSON.stringify({
      messages: [
        { role: "user", content: `How do I reset my password (${i})?` },
        { role: "assistant", content: `Open Settings → Account → Reset password (${i}).` },
      ],
    }),
  );
  const train = `${lines.join("\n")}\n`;
  const sha256 = createHash("sha256").update(train).digest("hex");
  const name = "openai-sft.train.jsonl";
  const files = [{ name, split: "train", bytes: Buffer.byteLength(train), sha256, rows: 12 }];
  const { rows } = await sql(
    `INSERT INTO "Dataset" ("name", "format", "request", "files", "sha256", "trainRows", "validationRows")
     VALUES ($1, 'openai-sft', '{"format":"openai-sft"}', $2, $3, 12, 0) RETURNING "id"`,
    [DATASET, JSON.stringify(files), sha256],
  );
  const id = (rows[0] as { id: string }).id;
  const root = path.resolve(
    process.env.DATASETS_DIR || path.join(process.env.FLYWHEEL_DATA_DIR || ".data", "datasets"),
  );
  mkdirSync(path.join(root, id), { recursive: true });
  writeFileSync(path.join(root, id, name), train);
}

/** The provider in Admin → Models that serves the results, committed as the registry commits. */
async function seedServingProvider(): Promise<void> {
  // One statement: the provider and the version bump commit together.
  await sql(
    `WITH p AS (
       INSERT INTO "Provider" ("type", "name", "baseUrl", "updatedAt")
       VALUES ('openai-compatible', 'Tuned models', $1, now()) RETURNING "id")
     INSERT INTO "RegistryState" ("id", "version") VALUES (1, 1)
     ON CONFLICT ("id") DO UPDATE SET "version" = "RegistryState"."version" + 1`,
    [fakeUrl],
  );
}

test.beforeAll(async () => {
  fake = await startFakeFineTuneProcess("openai");
  fakeUrl = fake.url;
  await seedDataset();
  await seedServingProvider();
});

test.afterAll(() => {
  fake?.stop();
});

test("an admin fine-tunes a model and finds it registered, disabled, with its lineage", async ({ page }) => {
  test.setTimeout(240_000);
  await signInAdmin(page);
  await page.goto("/admin/fine-tuning");
  await expect(page.getByRole("heading", { name: "Fine-tuning", level: 1 })).toBeVisible();

  const account = page.getByRole("form", { name: "Add fine-tuning account" });
  await account.getByLabel("Service").selectOption({ label: "OpenAI-compatible trainer" });
  await account.getByLabel("Account name").fill("E2E trainer");
  await account.getByLabel("Base URL").fill(fakeUrl);
  await account.getByLabel("API key").fill("sk-e2e-trainer-5678");
  await account.getByLabel(/Serving provider/).selectOption({ label: "Tuned models" });
  await account.getByRole("button", { name: "Add account" }).click();
  await expect(page.getByText("E2E trainer · OpenAI-compatible trainer · ••••5678")).toBeVisible();

  const job = page.getByRole("form", { name: "New fine-tuning job" });
  const datasetOption = job.getByRole("option", { name: new RegExp(DATASET) });
  await job.getByLabel("Dataset").selectOption((await datasetOption.getAttribute("value")) ?? "");
  await job.getByLabel("Account").selectOption({ label: "E2E trainer" });
  await job.getByLabel("Base model").fill(BASE);
  await job.getByLabel("Epochs").fill("2");
  await job.getByLabel("Suffix").fill("support");
  await job.getByRole("button", { name: "Start fine-tuning" }).click();
  await page.waitForURL(/\/admin\/fine-tuning\/[0-9a-f-]{36}$/);

  // The server's poller uploads, creates and follows the job; the page refreshes itself.
  await expect(page.getByTestId("job-status")).toHaveText("succeeded", { timeout: 200_000 });
  await expect(page.getByRole("img", { name: /Training and validation loss/ })).toBeVisible();
  await expect(page.getByRole("list", { name: "Events" })).toContainText("train loss");

  const registered = page.getByRole("link", { name: /^ft:/ });
  await expect(registered).toBeVisible();
  await registered.click();
  await expect(page.getByRole("checkbox", { name: "Enabled" })).not.toBeChecked();
  const lineage = page.getByTestId("model-lineage");
  await expect(lineage).toContainText(BASE);
  await expect(lineage).toContainText(DATASET);
  await expect(lineage).toContainText("Supervised");
  await expect(lineage).toContainText("epochs=2");
  await expect(lineage.getByRole("link", { name: "Fine-tuning job" })).toBeVisible();
});
