import "server-only";
import { namedStatement } from "../db/named-statement";

/** The readiness probe's question to the database: does it answer at all? */
export const DATABASE_PING = namedStatement("ops_database_ping", "SELECT 1 AS ok");
