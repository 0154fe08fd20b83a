import "server-only";
import type { NamedStatement } from "./named-statement";
import { pool } from "./pool";

/**
 * Runs a named statement that always returns exactly one row (the hot statements that gather their
 * answers into one SELECT of scalar subqueries: the chat turn's, the API completion's) and returns it.
 */
export async function queryRow<T extends object>(statement: NamedStatement, values: unknown[]): Promise<T> {
  const { rows } = await pool().query<T>({ ...statement, values });
  return rows[0]!;
}
