import pg from "pg";
import { expect, test } from "@playwright/test";
import { signUp, uniqueEmail } from "./helpers";
import { messages, send, waitForAnswer } from "./chat-helpers";

// API calls are stored by the public API (source `api`); to stay independent of it, this spec writes a
// chat and an API conversation of the user straight into the database.
async function seedConversations(email: string) {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("This spec writes to the database: run it with TEST_DATABASE_URL set.");
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const [title, source, question, answer] of [
      ["Kite flying tips", "chat", "How do kites fly?", "Wind gives them lift."],
      ["Quarterly report summary", "api", "Summarise the quarterly report.", "Revenue grew by a tenth."],
    ] as const) {
      await client.query(
        `WITH c AS (
           INSERT INTO "Conversation" ("userId", "title", "source", "updatedAt")
           SELECT "id", $2, $3::"ConversationSource", now() FROM "User" WHERE "email" = $1
           RETURNING "id"),
         q AS (
           INSERT INTO "Message" ("conversationId", "role", "text", "searchVector", "updatedAt")
           SELECT c."id", 'user', $4, to_tsvector('simple', $4), now() FROM c
           RETURNING "id", "conversationId")
         INSERT INTO "Message" ("conversationId", "parentId", "role", "text", "searchVector", "updatedAt")
         SELECT q."conversationId", q."id", 'assistant', $5, to_tsvector('simple', $5), now() FROM q`,
        [email, title, source, question, answer],
      );
    }
  } finally {
    await client.end();
  }
}

test("the sidebar lists chats by default and API calls under the API filter", async ({ page }) => {
  const email = uniqueEmail("api-caller");
  await signUp(page, "Api Caller", email);
  // Nothing to filter yet: no filter on offer.
  await expect(page.getByRole("tablist", { name: "Show" })).toHaveCount(0);

  await seedConversations(email);
  await page.reload();
  const filter = page.getByRole("tablist", { name: "Show" });
  const list = page.getByRole("navigation", { name: "Conversations" });
  await expect(filter.getByRole("tab", { name: "Chats" })).toHaveAttribute("aria-selected", "true");
  await expect(list.getByRole("link", { name: "Kite flying tips" })).toBeVisible();
  await expect(list.getByRole("link", { name: "Quarterly report summary" })).toHaveCount(0);

  // The arrow keys move between the tabs, as in any tablist.
  await filter.getByRole("tab", { name: "Chats" }).focus();
  await page.keyboard.press("ArrowRight");
  await expect(filter.getByRole("tab", { name: "API" })).toHaveAttribute("aria-selected", "true");
  await expect(filter.getByRole("tab", { name: "API" })).toBeFocused();
  await expect(list.getByRole("link", { name: "Quarterly report summary" })).toBeVisible();
  await expect(list.getByRole("link", { name: "Kite flying tips" })).toHaveCount(0);

  // Search stays within the filter.
  const search = page.getByRole("searchbox", { name: "Search API calls" });
  await search.fill("kites");
  await expect(list).toContainText("No API calls match “kites”.");
  await search.fill("quarterly");
  await expect(list.getByRole("link", { name: "Quarterly report summary" })).toBeVisible();
  await search.fill("");

  // An API call opens like any chat, and does not join the chats' list.
  await list.getByRole("link", { name: "Quarterly report summary" }).click();
  await expect(page).toHaveURL(/\/c\/[0-9a-f-]{36}$/);
  await expect(messages(page)).toContainText("Revenue grew by a tenth.");
  await filter.getByRole("tab", { name: "Chats" }).click();
  await expect(list.getByRole("link", { name: "Kite flying tips" })).toBeVisible();
  await expect(list.getByRole("link", { name: "Quarterly report summary" })).toHaveCount(0);

  // Opened by its URL (a reload, a link from elsewhere), an API call shows under the API filter.
  await page.reload();
  await expect(filter.getByRole("tab", { name: "API" })).toHaveAttribute("aria-selected", "true");
  await expect(list.getByRole("link", { name: "Quarterly report summary" })).toBeVisible();

  // A new chat started from there goes to the chats, and the sidebar shows them.
  await page.getByRole("link", { name: "New chat" }).first().click();
  await expect(page.getByRole("heading", { name: "What can I help with?" })).toBeVisible();
  await send(page, "A brand new question");
  await expect(page).toHaveURL(/\/c\/[0-9a-f-]{36}$/);
  await waitForAnswer(page);
  await expect(filter.getByRole("tab", { name: "Chats" })).toHaveAttribute("aria-selected", "true");
  await expect(list.getByRole("link", { name: "A brand new question" })).toBeVisible();
});
