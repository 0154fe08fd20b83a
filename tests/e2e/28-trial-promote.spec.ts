import pg from "pg";
import { expect, test, type Page } from "@playwright/test";
import { signInAdmin } from "./helpers";
import { answers, send, setUpstream, waitForAnswer } from "./chat-helpers";

// The end of the loop (docs/fine-tuning.md, "Live traffic and promotion"): a model on the fake
// upstream, registered disabled as a finished fine-tuning job leaves it, is tried on live traffic at
// 100 % against the default model (offline-demo in this run: the candidate has no lineage, so the
// default is its baseline). It answers a new chat, gets rated, shows on the results page, is promoted
// to default, serves the next new chat, and the promotion is undone. Everything is put back at the
// end for later specs.
const CANDIDATE = "e2e-tuned-model";
const PROVIDER = "E2E fine-tuned server";

async function sql<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("This spec writes to the database: run it with TEST_DATABASE_URL set.");
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

const bump = () => sql(`UPDATE "RegistryState" SET "version" = "version" + 1 WHERE "id" = 1`);

async function cleanUp() {
  await sql(
    `UPDATE "AppSettings" SET "trialCandidateModelId" = NULL, "trialBaselineModelId" = NULL, "trialSharePercent" = 0`,
  );
  await sql(`UPDATE "RegistryState" SET "defaultModelId" = NULL WHERE "defaultModelId" = $1`, [CANDIDATE]);
  await sql(`DELETE FROM "Provider" WHERE "name" = $1`, [PROVIDER]);
  await bump();
}

async function addCandidate() {
  await cleanUp();
  await sql(
    `WITH p AS (
       INSERT INTO "Provider" ("type", "name", "baseUrl", "updatedAt")
       VALUES ('openai-compatible', $3, $1, now()) RETURNING "id")
     INSERT INTO "ModelConfig" ("providerId", "modelId", "upstreamId", "displayName", "contextWindow",
                                "enabled", "updatedAt")
     SELECT "id", $2, 'fake-model', 'Tuned model', 8192, false, now() FROM p`,
    [process.env.OPENAI_COMPATIBLE_BASE_URL, CANDIDATE, PROVIDER],
  );
  await bump();
}

/** The model that wrote the newest answer. */
async function latestAnswerModel(): Promise<string | null> {
  const rows = await sql<{ modelId: string | null }>(
    `SELECT "modelId" FROM "Message" WHERE "role" = 'assistant' ORDER BY "createdAt" DESC LIMIT 1`,
  );
  return rows[0]?.modelId ?? null;
}

async function newChat(page: Page, text: string) {
  await page.goto("/");
  await send(page, text);
  await waitForAnswer(page);
  await expect(answers(page).first()).toContainText(/\w+/);
}

test.describe.configure({ mode: "serial" });
test.afterAll(cleanUp);

test("a live trial at 100 % answers new chats with the candidate; its rating shows in the results; promote, then undo", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await addCandidate();
  await setUpstream({ words: 8, chunkDelayMs: 5, text: undefined, failWith: undefined });
  await signInAdmin(page);

  await page.goto("/admin/evaluations/live");
  await page.getByLabel("Candidate").selectOption(CANDIDATE);
  await page.getByLabel("Share of new chats (%)").fill("100");
  await page.getByRole("button", { name: "Start trial" }).click();
  await expect(
    page.getByText(`Trial running: 100 % of new chats on offline-demo go to ${CANDIDATE}.`),
  ).toBeVisible();

  await newChat(page, "Which wheel stores the most energy?");
  expect(await latestAnswerModel()).toBe(CANDIDATE);
  await expect(answers(page).first()).toContainText(CANDIDATE);
  await answers(page).first().getByRole("button", { name: "Good response" }).click();
  await expect(answers(page).first().getByRole("button", { name: "Good response" })).toHaveAttribute(
    "aria-pressed",
    "true",
  );

  // The vote is saved by a server action: wait for its row before reading the results.
  await expect
    .poll(async () => (await sql(`SELECT 1 FROM "Feedback" WHERE "modelId" = $1`, [CANDIDATE])).length)
    .toBe(1);
  await page.goto("/admin/evaluations/live");
  const candidateRow = page.getByRole("row", { name: new RegExp(`Candidate: ${CANDIDATE}`) });
  await expect(candidateRow).toContainText("1 / 0");
  await expect(candidateRow).toContainText("100.0 %");
  await page.screenshot({ path: "test-results/trial-results.png", fullPage: true });

  // Stop the trial, so the next chat proves the promotion and not the trial.
  await page.getByRole("button", { name: "Stop trial" }).click();
  await expect(page.getByText("Trial stopped.")).toBeVisible();
  await page.getByRole("button", { name: "Promote to default" }).click();
  await expect(page.getByText(`${CANDIDATE} is the default for new chats.`)).toBeVisible();
  const history = page.getByRole("table", { name: "Promotions, newest first" });
  await expect(history).toContainText(`DEFAULT_MODEL setting → ${CANDIDATE}`);

  await newChat(page, "And which one spins the longest?");
  expect(await latestAnswerModel()).toBe(CANDIDATE);

  await page.goto("/admin/evaluations/live");
  await page.getByRole("button", { name: "Undo promotion" }).click();
  await expect(page.getByRole("table", { name: "Promotions, newest first" })).toContainText(/by e2e-admin@/);
  const [state] = await sql<{ defaultModelId: string | null }>(
    `SELECT "defaultModelId" FROM "RegistryState" WHERE "id" = 1`,
  );
  expect(state?.defaultModelId).toBeNull();
  const [model] = await sql<{ enabled: boolean }>(
    `SELECT "enabled" FROM "ModelConfig" WHERE "modelId" = $1`,
    [CANDIDATE],
  );
  expect(model?.enabled).toBe(false);

  await newChat(page, "Back to the base model?");
  expect(await latestAnswerModel()).toBe("offline-demo");
});
