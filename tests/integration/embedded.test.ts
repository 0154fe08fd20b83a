import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres } from "@/lib/db/embedded";
import { migrate } from "@/lib/db/migrate";

// The embedded default runs whatever TEST_DATABASE_URL says, so CI covers PGlite here too.
const root = mkdtempSync(path.join(tmpdir(), "flywheel-embedded-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function query<T extends pg.QueryResultRow>(url: string, sql: string, values: unknown[] = []) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

describe("embedded database", () => {
  it("keeps accounts across a restart", async () => {
    const dataDir = path.join(root, "restart", "pglite");
    const first = await startEmbeddedPostgres({ dataDir });
    await migrate(first.url);
    await query(first.url, `INSERT INTO "User" (email, name, "updatedAt") VALUES ($1, $2, now())`, [
      "kept@example.test",
      "Kept",
    ]);
    await first.close();

    const second = await startEmbeddedPostgres({ dataDir });
    try {
      expect(await migrate(second.url)).toEqual({ applied: [] });
      const rows = await query<{ name: string }>(second.url, `SELECT name FROM "User" WHERE email = $1`, [
        "kept@example.test",
      ]);
      expect(rows).toEqual([{ name: "Kept" }]);
    } finally {
      await second.close();
    }
  });

  it("refuses to open the same data twice, with a message saying who has it", async () => {
    const dataDir = path.join(root, "twice", "pglite");
    const first = await startEmbeddedPostgres({ dataDir });
    try {
      await expect(startEmbeddedPostgres({ dataDir })).rejects.toThrow(
        /already open in this process; stop it first/,
      );
    } finally {
      await first.close();
    }
    // Once closed, it opens again.
    const again = await startEmbeddedPostgres({ dataDir });
    await again.close();
  });
});
