// Every hand-written statement (the `*-sql.ts` modules under lib/: fixed text made with namedStatement,
// Prisma tagged templates built by functions registered with checkedStatement and sample arguments)
// is prepared against the migrated database: a renamed column or table fails here, in CI, rather than
// in a request in production. A new statement joins by being in such a module.
import { readdirSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkedStatements, type CheckedStatement } from "@/lib/db/checked-statement";
import { registeredStatements, type NamedStatement } from "@/lib/db/named-statement";

const root = path.resolve(import.meta.dirname, "../..");
const sqlModules = readdirSync(path.join(root, "lib"), { recursive: true, encoding: "utf8" })
  .filter((file) => file.endsWith("-sql.ts"))
  .sort();

let statements: readonly NamedStatement[] = [];
let checked: readonly CheckedStatement[] = [];
let client: pg.Client;

beforeAll(async () => {
  for (const file of sqlModules) await import(path.join(root, "lib", file));
  statements = registeredStatements();
  checked = checkedStatements();
  // Its own connection (this file never uses the pool): PREPARE and DEALLOCATE touch no other session.
  client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
});
afterAll(async () => {
  await client.end();
});

describe("hand-written SQL", () => {
  it("is found in the *-sql.ts modules", () => {
    expect(sqlModules).toEqual(expect.arrayContaining(["chat/turn-sql.ts", "feedback/feedback-sql.ts"]));
    expect(statements.map((s) => s.name)).toEqual(
      expect.arrayContaining([
        "chat.new-chat",
        "chat.save-answer",
        "feedback.rate",
        "rate-limit.purge-expired",
        "export.cli-audit",
      ]),
    );
    expect(checked.map((s) => s.name)).toEqual(
      expect.arrayContaining([
        "admin.overview.count-people",
        "admin.overview.store-days",
        "admin.lock-active-admins",
        "admin.feedback-list.page",
        "admin.comparisons.search-walk",
      ]),
    );
  });

  it("has names unique in the app (a connection keeps one statement per name)", () => {
    const names = [...statements, ...checked].map((s) => s.name);
    expect(names.filter((name, i) => names.indexOf(name) !== i)).toEqual([]);
  });

  it("prepares against the migrated database, every statement", async () => {
    const failures: string[] = [];
    for (const [i, statement] of statements.entries()) {
      await client
        .query(`PREPARE check_${i} AS ${statement.text}`)
        .then(() => client.query(`DEALLOCATE check_${i}`))
        .catch((error: unknown) => {
          failures.push(`${statement.name}: ${error instanceof Error ? error.message : String(error)}`);
        });
    }
    expect(failures).toEqual([]);
  });

  it("prepares against the migrated database, every Prisma statement with its sample arguments", async () => {
    const failures: string[] = [];
    for (const [i, statement] of checked.entries()) {
      // .text numbers the bound values $1, $2, … as Prisma sends them; PREPARE infers their types.
      await client
        .query(`PREPARE checked_${i} AS ${statement.sample().text}`)
        .then(() => client.query(`DEALLOCATE checked_${i}`))
        .catch((error: unknown) => {
          failures.push(`${statement.name}: ${error instanceof Error ? error.message : String(error)}`);
        });
    }
    expect(failures).toEqual([]);
  });
});
