// Hand-written SQL lives in `*-sql.ts` files beside its domain, each statement made here. A name makes
// it a named prepared statement on the pool (parsed and planned once per connection), and the
// registry lets one integration test prepare every statement against the migrated database, so a
// renamed column fails CI rather than a request in production (tests/integration/named-statements.test.ts).

export type NamedStatement = { readonly name: string; readonly text: string };

const registry: NamedStatement[] = [];

/** A statement for `pool().query({ ...statement, values })`; its name must be unique in the app. */
export function namedStatement(name: string, text: string): NamedStatement {
  const statement = { name, text };
  registry.push(statement);
  return statement;
}

/** Every statement made so far, in the order the `*-sql.ts` modules were loaded. */
export function registeredStatements(): readonly NamedStatement[] {
  return registry;
}
