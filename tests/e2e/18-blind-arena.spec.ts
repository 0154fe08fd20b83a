import pg from "pg";
import { expect, test, type Page } from "@playwright/test";
import { signUp, uniqueEmail } from "./helpers";
import { messages, send, setUpstream } from "./chat-helpers";

// The blind arena in the chat (docs/arena.md): with the admin's share at 100 % and two eligible models
// (the fake upstream's "fake-model" and a second model on it, added as Admin → Models would), a new
// question gets two anonymous answers side by side; the vote reveals both models and the conversation
// continues on the preferred answer; a reload while a vote is pending asks again. The share goes back
// to 0 and the second model away at the end, so later specs see a one-answer chat.
const ARENA_MODEL = "e2e-arena-model";

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

async function setShare(percent: number) {
  await sql(
    `INSERT INTO "AppSettings" ("id", "arenaSharePercent", "updatedAt") VALUES (1, $1, now())
     ON CONFLICT ("id") DO UPDATE SET "arenaSharePercent" = $1, "updatedAt" = now()`,
    [percent],
  );
}

async function removeArenaModel() {
  await sql(`DELETE FROM "Provider" WHERE "name" = 'E2E arena server'`);
  await sql(`UPDATE "RegistryState" SET "version" = "version" + 1 WHERE "id" = 1`);
}

async function addArenaModel() {
  await removeArenaModel();
  await sql(
    `WITH p AS (
       INSERT INTO "Provider" ("type", "name", "baseUrl", "updatedAt")
       VALUES ('openai-compatible', 'E2E arena server', $1, now()) RETURNING "id")
     INSERT INTO "ModelConfig" ("providerId", "modelId", "upstreamId", "displayName", "contextWindow", "updatedAt")
     SELECT "id", $2, 'fake-model', 'Arena model', 8192, now() FROM p`,
    [process.env.OPENAI_COMPATIBLE_BASE_URL, ARENA_MODEL],
  );
  await sql(`UPDATE "RegistryState" SET "version" = "version" + 1 WHERE "id" = 1`);
}

const arenaPanel = (page: Page) => messages(page).getByRole("region", { name: "Blind comparison" });
const question = (page: Page) =>
  arenaPanel(page).getByRole("group", { name: "Which response do you prefer?" });

test.describe.configure({ mode: "serial" });

test.afterAll(async () => {
  await setShare(0);
  await removeArenaModel();
});

test("two anonymous answers side by side; the vote reveals the models and the chat goes on from the preferred one", async ({
  page,
}) => {
  test.setTimeout(90_000);
  await addArenaModel();
  await setShare(100);
  // The settings and the registry are cached for a few seconds per instance.
  await page.waitForTimeout(4_500);
  await setUpstream({ words: 12, chunkDelayMs: 10, text: undefined, failWith: undefined });

  await signUp(page, "Arena Voter", uniqueEmail("arena"));
  await send(page, "Which wheel stores energy best?");
  const panel = arenaPanel(page);
  const a = panel.getByRole("article", { name: "Response A" });
  const b = panel.getByRole("article", { name: "Response B" });
  await expect(question(page)).toBeVisible({ timeout: 30_000 });
  await expect(a).toContainText(/\w+/);
  await expect(b).toContainText(/\w+/);
  // Anonymous: no model named anywhere in the conversation yet.
  await expect(messages(page)).not.toContainText("Arena model");
  await expect(messages(page)).not.toContainText("fake-model");
  const preferredText = ((await b.textContent()) ?? "").replace("Response B", "").trim().slice(0, 20);

  await question(page).getByRole("button", { name: "B is better" }).click();
  const revealed = messages(page).getByRole("status", { name: "Models revealed" });
  await expect(revealed).toContainText("You preferred Response B.");
  await expect(revealed).toContainText("Arena model");
  await expect(revealed).toContainText("fake-model");
  await expect(arenaPanel(page)).toHaveCount(0);
  // The preferred answer is the one shown, with its model.
  const shown = messages(page).getByRole("article", { name: "Assistant message" });
  await expect(shown).toHaveCount(1);
  await expect(shown).toContainText(preferredText);

  const conversationId = new URL(page.url()).pathname.split("/").at(-1)!;
  const [battle] = await sql<{ answerBId: string; outcome: string }>(
    `SELECT "answerBId", "outcome"::text AS "outcome" FROM "ArenaBattle" WHERE "conversationId" = $1`,
    [conversationId],
  );
  expect(battle?.outcome).toBe("b");
  const [comparison] = await sql<{ preferredId: string; source: string }>(
    `SELECT "preferredId", "source"::text AS "source" FROM "Comparison" WHERE "conversationId" = $1`,
    [conversationId],
  );
  expect(comparison).toEqual({ preferredId: battle!.answerBId, source: "arena" });

  // The conversation goes on from the preferred answer (and, at 100 %, asks again).
  await send(page, "Tell me more about it");
  await expect(question(page)).toBeVisible({ timeout: 30_000 });
  const [followUp] = await sql<{ parentId: string }>(
    `SELECT "parentId" FROM "Message" WHERE "conversationId" = $1 AND "text" = 'Tell me more about it'`,
    [conversationId],
  );
  expect(followUp?.parentId).toBe(battle!.answerBId);

  // A reload while the vote is pending asks again; Skip continues on A and still reveals the models.
  await page.reload();
  await expect(question(page)).toBeVisible();
  await expect(messages(page)).toContainText("Tell me more about it");
  await expect(arenaPanel(page).getByRole("article", { name: "Response B" })).toContainText(/\w+/);
  await question(page).getByRole("button", { name: "Skip" }).click();
  await expect(messages(page).getByRole("status", { name: "Models revealed" }).last()).toContainText(
    "You skipped the vote.",
  );
  await expect(arenaPanel(page)).toHaveCount(0);
});
