import type { Client } from "pg";

// The key `prisma migrate deploy` locks: our runner and Prisma's exclude each other too.
const ADVISORY_LOCK_KEY = 72707369;
const LOCK_TIMEOUT_MS = 60_000;

/** Waits up to a minute for the migration lock; it is released when the connection closes. */
export async function acquireMigrationLock(client: Client): Promise<void> {
  const deadline = Date.now() + LOCK_TIMEOUT_MS;
  for (;;) {
    const result = await client.query<{ locked: boolean }>(`SELECT pg_try_advisory_lock($1) AS locked`, [
      ADVISORY_LOCK_KEY,
    ]);
    if (result.rows[0]?.locked) return;
    if (Date.now() > deadline) {
      throw new Error(
        `Another migration run has held the migration lock (advisory lock ${ADVISORY_LOCK_KEY}) for over ${LOCK_TIMEOUT_MS / 1000} s; try again when it is done.`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
