// The drift test: the migrations folder must build exactly the database prisma/schema.prisma describes,
// and the snapshot `npm run db:migration` diffs against must be up to date. Runs on PostgreSQL when
// TEST_DATABASE_URL is set and on PGlite otherwise.
import { readFile } from "node:fs/promises";
import { afterAll, describe, expect, it } from "vitest";
import { planMigration, SCHEMA_PATH } from "../../scripts/new-migration";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { createDatabaseFromSchema, describeDatabase } from "../helpers/schema-snapshot";

const FIX = "schema.prisma has changes without a migration: run npm run db:migration -- <name>";

describe("migrations", () => {
  const databases: TestDatabase[] = [];
  afterAll(async () => {
    await Promise.all(databases.map((database) => database.drop()));
  });

  it("build exactly the database schema.prisma describes", { timeout: 120_000 }, async () => {
    const [migrated, fromSchema] = await Promise.all([
      createTestDatabase(),
      readFile(SCHEMA_PATH, "utf8").then(createDatabaseFromSchema),
    ]);
    databases.push(migrated, fromSchema);

    const expected = await describeDatabase(fromSchema.url);
    const actual = await describeDatabase(migrated.url);
    expect(expected).toContain("table User");
    expect(actual, `${FIX} (or a migration was edited). - schema.prisma, + migrations`).toEqual(expected);
  });

  it("leave nothing for db:migration to write", async () => {
    const { sql } = await planMigration();
    expect(sql, FIX).toBeNull();
  });
});
