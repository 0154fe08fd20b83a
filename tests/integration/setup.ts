import { afterAll, inject } from "vitest";

// lib/env.ts reads these lazily, on first use, so setting them here is early enough.
process.env.DATABASE_URL = inject("databaseUrl");
process.env.AUTH_SECRET = "integration-tests-secret-integration-tests-secret";
if (inject("embedded")) process.env.DATABASE_POOL_SIZE = "1";
process.env.OFFLINE_MODEL_WORD_DELAY_MS = "0";
// Accounts listed here become admins at sign-up (tested in accounts.test.ts).
process.env.ADMIN_EMAILS = "Boss@Example.test, other-boss@example.test";

afterAll(async () => {
  const { db } = await import("@/lib/db/client");
  await db().$disconnect();
});
