import { execFile } from "node:child_process";
import { promisify } from "node:util";
import pg from "pg";
import { expect, test, type Page } from "@playwright/test";
import { signUp, uniqueEmail } from "./helpers";

// "View code" against the running app: a playground run, then its curl and Node snippets run as they
// are shown (with a real API key in FLYWHEEL_API_KEY) against the same server. The offline model's
// answer depends on the question, the seed and the length limit, so all three answers are equal only
// if the snippets send exactly the run's request.
const run = promisify(execFile);

async function storedAnswer(email: string): Promise<string> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("This spec reads the database: run it with TEST_DATABASE_URL set.");
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ text: string }>(
      `SELECT m."text" FROM "Message" m
         JOIN "Conversation" c ON c."id" = m."conversationId"
         JOIN "User" u ON u."id" = c."userId"
        WHERE u."email" = $1 AND c."source" = 'playground' AND m."role" = 'assistant'
        ORDER BY m."createdAt" DESC LIMIT 1`,
      [email],
    );
    return rows[0]!.text;
  } finally {
    await client.end();
  }
}

async function createKey(page: Page): Promise<string> {
  await page.goto("/settings");
  const section = page.getByRole("region", { name: "API keys" });
  await section.getByRole("button", { name: "Create API key" }).click();
  await section.getByLabel("Key name").fill("View code");
  await section.getByRole("button", { name: "Create API key" }).click();
  return (await section.getByLabel("New API key").textContent()) ?? "";
}

test("the curl and Node snippets get the playground run's answer from the running app", async ({ page }) => {
  const email = uniqueEmail("code");
  await signUp(page, "Cody Runner", email);
  const key = await createKey(page);
  expect(key).toMatch(/^fw-/);

  await page.goto("/playground");
  await page.getByLabel("Model", { exact: true }).selectOption("offline-demo");
  await page.getByLabel("System prompt").fill("Be brief.");
  await page.getByLabel("Message 1", { exact: true }).fill(`He said "hi" & 'bye'; $HOME costs 5 €`);
  await page.getByLabel("Maximum tokens").fill("14");
  await page.getByLabel("Seed").fill("11");
  await page.getByRole("button", { name: "Run" }).click();
  const answer = page.getByRole("region", { name: "Answer", exact: true }).getByRole("region").first();
  await expect(answer).toHaveAttribute("data-status", "complete", { timeout: 20_000 });
  const expected = await storedAnswer(email);
  expect(expected).toContain("Offline demo answer");

  await page.getByRole("button", { name: "View code" }).click();
  const dialog = page.getByRole("dialog", { name: "View code" });
  const curl = (await dialog.getByRole("tabpanel", { name: "curl" }).locator("pre").textContent()) ?? "";
  await dialog.getByRole("tab", { name: "Node" }).click();
  const node = (await dialog.getByRole("tabpanel", { name: "Node" }).locator("pre").textContent()) ?? "";

  const env = { ...process.env, FLYWHEEL_API_KEY: key };
  const byCurl = await run("bash", ["-c", curl], { env });
  const completion = JSON.parse(byCurl.stdout) as { choices: { message: { content: string } }[] };
  expect(completion.choices[0]!.message.content).toBe(expected);
  const byNode = await run(process.execPath, ["--input-type=module", "-e", node], { env });
  expect(byNode.stdout).toBe(`${expected}\n`);
});
