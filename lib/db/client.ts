import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/client";
import { databaseUrl, env } from "../env";

// One client per process. In development Next.js re-evaluates modules on every change; keeping the
// client on globalThis stops each reload from opening a new pool.
const globalForDb = globalThis as unknown as { flywheelDb?: PrismaClient };

function createClient(): PrismaClient {
  const adapter = new PrismaPg({
    connectionString: databaseUrl(),
    max: env().DATABASE_POOL_SIZE,
    // Fail fast with a clear error page when the database is gone, instead of hanging the request;
    // the pool reconnects on its own when the database is back.
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  });
  return new PrismaClient({ adapter });
}

/** The shared Prisma client. Created on first use so that importing this module never needs settings. */
export function db(): PrismaClient {
  globalForDb.flywheelDb ??= createClient();
  return globalForDb.flywheelDb;
}

export type { PrismaClient } from "./generated/client";
