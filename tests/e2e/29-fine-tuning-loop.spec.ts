import { mkdirSync } from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import pg from "pg";
import OpenAI from "openai";
import { CLOSE_CALL } from "../helpers/fake-finetune/chat";
import { startFakeFineTuneProcess, type FakeFineTuneProcess } from "../helpers/fake-finetune/process";
import { signInAdmin, signIn, signOut, signUp, uniqueEmail } from "./helpers";
import { answers, send, waitForAnswer } from "./chat-helpers";

// The whole loop of docs/fine-tuning.md, through the browser, against the fake OpenAI-style
// fine-tuning service (tests/helpers/fake-finetune, its own process). It serves a base model that
// answers "Base answer to: <question>", trains by registering a model that answers "Tuned: Base answer
// to: …", and a judge model that prefers the tuned answer. The test runs:
// ratings → save dataset → create job → job succeeds → model registered → held-out replay judged by
// that judge → leaderboard shows the new model ahead, with its interval → promote → a new chat uses it.
// With DOCS_SCREENSHOTS=1 it saves a screenshot of each step in docs/images/fine-tuning/ (the
// images docs/fine-tuning.md shows).
const RUN = randomUUID().slice(0, 6);
// A base model the fake trainer accepts; registered under its own id, as an admin adds it.
const BASE = "gpt-4.1-mini-2025-04-14";
const PROVIDER = `Loop models ${RUN}`;
const JUDGE = "fake-judge";
const DATASET = `Loop dataset ${RUN}`;
// 72 rated conversations, split half and half by the export (by a hash of each conversation's id):
// the validation half holds 20 or more prompts but once in about 25,000 runs. Every fourth question is
// one the fake judge cannot decide, which it answers with position bias: a tie once both orders are
// asked, so the tuned model is ahead but not unbeaten (a model that never lost cannot be rated).
const QUESTIONS = Array.from(
  { length: 72 },
  (_, i) => `Loop question ${RUN} number ${i + 1}${i % 4 === 3 ? ` ${CLOSE_CALL}` : ""}?`,
);
const IN_CHAT = 3;
const SHOTS = path.resolve("docs/images/fine-tuning");

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

/**
 * What an admin sets up in Admin → Models before the loop (that page has its own e2e spec): the
 * provider serving the base model, the judge and, later, the tuned model. One statement, so the
 * registry's version moves with it.
 */
async function seedProvider(): Promise<void> {
  // A model id names one model in the whole registry: a run before this one may have left it.
  await sql(`DELETE FROM "ModelConfig" WHERE "modelId" = $1`, [BASE]);
  await sql(
    `WITH p AS (
       INSERT INTO "Provider" ("type", "name", "baseUrl", "updatedAt")
       VALUES ('openai-compatible', $1, $2, now()) RETURNING "id"),
     m AS (
       INSERT INTO "ModelConfig" ("providerId", "modelId", "upstreamId", "displayName", "contextWindow",
                                  "inputPricePerMTok", "outputPricePerMTok", "allowedRoles", "updatedAt")
       SELECT "id", $3, $3, 'Loop base model', 16000, 0.15, 0.6, '{USER,ADMIN}'::"Role"[], now() FROM p
       UNION ALL
       SELECT "id", $4, $4, 'Fake judge', 16000, 0.15, 0.6, '{ADMIN}'::"Role"[], now() FROM p
       RETURNING 1)
     INSERT INTO "RegistryState" ("id", "version") VALUES (1, 1)
     ON CONFLICT ("id") DO UPDATE SET "version" = "RegistryState"."version" + 1`,
    [PROVIDER, fakeUrl, BASE, `${JUDGE}-${RUN}`],
  );
}

/** An API key made in Settings → API keys, and the official SDK pointed at Flywheel with it. */
async function createClient(page: Page, baseURL: string, name: string): Promise<OpenAI> {
  await page.goto("/settings");
  const section = page.getByRole("region", { name: "API keys" });
  await section.getByLabel("Key name").fill(name);
  await section.getByRole("button", { name: "Create API key" }).click();
  const key = (await section.getByLabel("New API key").textContent()) ?? "";
  expect(key).toMatch(/^fw-/);
  return new OpenAI({ apiKey: key, baseURL: `${baseURL}/api/v1`, maxRetries: 0 });
}

async function shot(page: Page, name: string): Promise<void> {
  if (process.env.DOCS_SCREENSHOTS !== "1") return;
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

test.beforeAll(async () => {
  fake = await startFakeFineTuneProcess("openai");
  fakeUrl = fake.url;
  // The judge answers under the name the registry gives it (the fake judges any model named so).
  await fake.control({ judgeModel: `${JUDGE}-${RUN}` });
  await seedProvider();
});

test.afterAll(async () => {
  // Later specs expect the default model as it was.
  await sql(`UPDATE "RegistryState" SET "defaultModelId" = NULL, "version" = "version" + 1 WHERE "id" = 1`);
  fake?.stop();
});

test("feedback → dataset → fine-tuned model → measured better → promoted → used by a new chat", async ({
  page,
  baseURL,
}) => {
  test.setTimeout(600_000);
  const email = uniqueEmail("looper");
  await signInAdmin(page);
  await signOut(page);

  // 1. A user chats with the base model and rates the answers up: a few in the chat, the rest from a
  //    program through the public API (its traffic and ratings feed the same data). The leaderboard
  //    ranks a model from 20 comparisons on, so the validation split must hold at least 20 prompts.
  await signUp(page, "Loop user", email);
  for (const [i, question] of QUESTIONS.slice(0, IN_CHAT).entries()) {
    await page.goto("/");
    await page.getByRole("combobox", { name: "Model" }).selectOption({ label: "Loop base model" });
    await send(page, question);
    await waitForAnswer(page);
    const answer = answers(page).first();
    await expect(answer).toContainText(`Base answer to: ${question}`);
    await answer.getByRole("button", { name: "Good response" }).click();
    await expect(answer.getByRole("button", { name: "Good response" })).toHaveAttribute(
      "aria-pressed",
      "true",
    );
    if (i === 0) await shot(page, "01-rating");
    await page
      .getByRole("dialog", { name: "Feedback" })
      .getByRole("button", { name: "Close feedback" })
      .click();
  }
  // Two keys: each may make API_RATE_LIMIT_PER_MINUTE (60) calls a minute.
  const clients = [
    await createClient(page, baseURL!, "Loop key 1"),
    await createClient(page, baseURL!, "Loop key 2"),
  ];
  for (const [i, question] of QUESTIONS.slice(IN_CHAT).entries()) {
    const client = clients[i % clients.length]!;
    const completion = await client.chat.completions.create({
      model: BASE,
      messages: [{ role: "user", content: question }],
    });
    expect(completion.choices[0]!.message.content).toBe(`Base answer to: ${question}`);
    const rated = await client.post("/feedback", { body: { completion_id: completion.id, rating: "good" } });
    expect(rated).toMatchObject({ rating: "good" });
  }
  await signOut(page);

  // 2. An admin saves the base model's rated answers as a dataset with a validation split.
  await signInAdmin(page);
  // This user's ratings of the base model: 72 conversations, one SFT line each.
  const user = (await sql(`SELECT "id" FROM "User" WHERE "email" = $1`, [email])).rows[0] as { id: string };
  await page.goto(
    `/admin/export?format=openai-sft&model=${encodeURIComponent(BASE)}&user=${user.id}&split=0.5&seed=loop`,
  );
  await page.getByLabel("Dataset name").fill(DATASET);
  await page.getByRole("button", { name: "Save as dataset" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved 72 rows." })).toBeVisible({
    timeout: 30_000,
  });
  await shot(page, "02-save-dataset");
  await page.getByRole("link", { name: "Open the dataset" }).click();
  await expect(page.getByRole("heading", { name: DATASET })).toBeVisible();
  await shot(page, "03-dataset");

  // 3. A fine-tuning job on it, with an account at the fake trainer whose models the provider serves.
  await page.goto("/admin/fine-tuning");
  const account = page.getByRole("form", { name: "Add fine-tuning account" });
  await account.getByLabel("Service").selectOption({ label: "OpenAI-compatible trainer" });
  await account.getByLabel("Account name").fill(`Loop trainer ${RUN}`);
  await account.getByLabel("Base URL").fill(fakeUrl);
  await account.getByLabel("API key").fill("sk-loop-trainer-4321");
  await account.getByLabel(/Serving provider/).selectOption({ label: PROVIDER });
  await account.getByRole("button", { name: "Add account" }).click();
  await expect(page.getByText(`Loop trainer ${RUN} · OpenAI-compatible trainer · ••••4321`)).toBeVisible();
  const job = page.getByRole("form", { name: "New fine-tuning job" });
  const datasetOption = job.getByRole("option", { name: new RegExp(DATASET) });
  await job.getByLabel("Dataset").selectOption((await datasetOption.getAttribute("value")) ?? "");
  await job.getByLabel("Account").selectOption({ label: `Loop trainer ${RUN}` });
  await job.getByLabel("Base model").fill(BASE);
  await job.getByLabel("Suffix").fill("loop");
  await shot(page, "04-new-job");
  await job.getByRole("button", { name: "Start fine-tuning" }).click();
  await page.waitForURL(/\/admin\/fine-tuning\/[0-9a-f-]{36}$/);

  // 4. The server's poller follows the job to success.
  await expect(page.getByTestId("job-status")).toHaveText("succeeded", { timeout: 240_000 });
  await expect(page.getByRole("img", { name: /Training and validation loss/ })).toBeVisible();
  await shot(page, "05-job-succeeded");

  // 5. The result is registered on the serving provider, disabled, with its lineage.
  const registered = page.getByRole("link", { name: /^ft:/ });
  const tuned = (await registered.textContent())!.trim();
  expect(tuned.startsWith(`ft:${BASE}:`)).toBe(true);
  await registered.click();
  await expect(page.getByRole("checkbox", { name: "Enabled" })).not.toBeChecked();
  const modelPage = page.url();
  const lineage = page.getByTestId("model-lineage");
  await expect(lineage).toContainText(BASE);
  await expect(lineage).toContainText(DATASET);
  await shot(page, "06-registered-model");

  // 6. Held-out replay of the dataset's validation prompts, judged blind by the judge model.
  await page.getByRole("link", { name: "Evaluate" }).click();
  await expect(page.getByRole("heading", { name: "New evaluation" })).toBeVisible();
  await expect(page.getByLabel("Candidate")).toHaveValue(tuned);
  // By default: the base model it came from, on the dataset it was trained from.
  await expect(page.getByLabel("Baseline")).toHaveValue(BASE);
  await page.getByLabel("Judge", { exact: true }).selectOption("model");
  await page.getByLabel("Judge model").selectOption(`${JUDGE}-${RUN}`);
  await page.getByRole("button", { name: "Estimate cost" }).click();
  await expect(page.getByRole("status")).toContainText("Estimated cost");
  await shot(page, "07-new-evaluation");
  await page.getByRole("button", { name: "Start evaluation" }).click();
  await page.waitForURL(/\/admin\/evaluations\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("evaluation-status")).toHaveText("done", { timeout: 120_000 });
  // The tuned model wins every pair but the close calls, which are ties.
  await expect(page.getByTestId("tally")).toHaveText(
    /^[1-9]\d* wins · 0 losses · [1-9]\d* ties · 0 both bad$/,
  );
  await shot(page, "08-evaluation-result");

  // 7. The leaderboard ranks the tuned model first, with its interval.
  // Filtered to this replay's verdicts (its conversations are titled after the prompts, which name
  // the run): other specs' models form their own groups, and only one group can be fitted at a time.
  await page.goto(`/admin/leaderboard?source=evaluation&topic=${RUN}`);
  const table = page.getByRole("table", { name: "Leaderboard" });
  const row = (model: string) =>
    table.getByRole("row").filter({ has: page.getByRole("rowheader", { name: model }) });
  await expect(row(tuned).getByRole("cell").first()).toHaveText("1");
  await expect(row(tuned)).toContainText("–");
  await shot(page, "09-leaderboard");

  // 8. Promote it to default from its model page.
  await page.goto(modelPage);
  await page.getByRole("button", { name: "Promote to default" }).click();
  const promotion = page.getByRole("region", { name: "Promotion" });
  await expect(promotion.getByText("This model is the default for new chats.")).toBeVisible();
  await expect(promotion.getByRole("table", { name: "Promotions, newest first" })).toContainText(
    `→ ${tuned}`,
  );
  await shot(page, "10-promoted");
  await signOut(page);

  // 9. A new chat now uses it.
  await signIn(page, email);
  await page.goto("/");
  await send(page, "Which model answers now?");
  await waitForAnswer(page);
  await expect(answers(page).first()).toContainText("Tuned: Base answer to: Which model answers now?");
  await shot(page, "11-new-chat");
});
