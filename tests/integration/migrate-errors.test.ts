import { describe, expect, it } from "vitest";
import { DatabaseUnreachableError, migrate, pendingMigrations } from "@/lib/db/migrate";
import { createTestDatabase } from "../helpers/database";

describe("migrate", () => {
  it("names the unreachable server and the reason, never the password", async () => {
    const error = await migrate("postgresql://app:s3cret@127.0.0.1:1/flywheel").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseUnreachableError);
    const message = (error as Error).message;
    expect(message).toMatch(/127\.0\.0\.1:1/);
    expect(message).toMatch(/connection refused/);
    expect(message).not.toContain("s3cret");
  });

  it("applies each migration once", async () => {
    const database = await createTestDatabase({ migrate: false });
    try {
      expect((await pendingMigrations(database.url)).length).toBeGreaterThan(0);
      const first = await migrate(database.url);
      expect(first.applied.length).toBeGreaterThan(0);
      expect(await migrate(database.url)).toEqual({ applied: [] });
      expect(await pendingMigrations(database.url)).toEqual([]);
    } finally {
      await database.drop();
    }
  });
});
