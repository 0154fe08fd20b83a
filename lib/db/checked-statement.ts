import type { Prisma } from "./generated/client";

// The Prisma tagged-template statements of the `*-sql.ts` files (run with `$queryRaw(sql)` /
// `$executeRaw(sql)`, values always bound) are built by functions, so there is no fixed text to
// register as with namedStatement. Each builder registers itself here with sample arguments instead,
// and tests/integration/named-statements.test.ts prepares the statement those arguments build against
// the migrated database: a renamed column fails CI, not a request in production.

export type CheckedStatement = { readonly name: string; readonly sample: () => Prisma.Sql };

const registry: CheckedStatement[] = [];

/**
 * Registers `build` under `name` (unique in the app) with arguments for its check, and returns it
 * unchanged. For a statement with optional parts, pick arguments that switch them all on.
 */
export function checkedStatement<Args extends unknown[]>(
  name: string,
  build: (...args: Args) => Prisma.Sql,
  ...sample: NoInfer<Args>
): (...args: Args) => Prisma.Sql {
  registry.push({ name, sample: () => build(...sample) });
  return build;
}

/** Every builder registered so far, in the order the `*-sql.ts` modules were loaded. */
export function checkedStatements(): readonly CheckedStatement[] {
  return registry;
}
