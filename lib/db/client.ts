import "server-only";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/client";
import { databaseUrl, env } from "../env";

// One pool and one client per process. In development Next.js re-evaluates modules on every change;
// keeping them on globalThis stops each reload from opening a new pool.
const globalForDb = globalThis as unknown as { flywheelDb?: PrismaClient; flywheelPool?: pg.Pool };

function createPool(): pg.Pool {
  return new pg.Pool({
    connectionString: databaseUrl(),
    max: env().DATABASE_POOL_SIZE,
    // Fail fast with a clear error page when the database is gone, instead of hanging the request;
    // the pool reconnects on its own when the database is back.
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  });
}

/**
 * The connection pool under the Prisma client. Almost everything goes through db(); the few hot
 * statements that need a named prepared statement (parsed and planned once per connection, which
 * Prisma does not offer) use the pool directly.
 */
export function pool(): pg.Pool {
  globalForDb.flywheelPool ??= createPool();
  return globalForDb.flywheelPool;
}

/** The shared Prisma client. Created on first use so that importing this module never needs settings. */
export function db(): PrismaClient {
  globalForDb.flywheelDb ??= new PrismaClient({
    adapter: new PrismaPg(pool(), { disposeExternalPool: true }),
  });
  return globalForDb.flywheelDb;
}

export type { PrismaClient } from "./generated/client";
