import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/client";
import { pool } from "./pool";

export { pool } from "./pool";

// One client per process, on the shared pool (lib/db/pool.ts). In development Next.js re-evaluates
// modules on every change; keeping it on globalThis stops each reload from opening a new one.
const globalForDb = globalThis as unknown as { flywheelDb?: PrismaClient };

/** The shared Prisma client. Created on first use so that importing this module never needs settings. */
export function db(): PrismaClient {
  globalForDb.flywheelDb ??= new PrismaClient({
    adapter: new PrismaPg(pool(), { disposeExternalPool: true }),
  });
  return globalForDb.flywheelDb;
}

export type { PrismaClient } from "./generated/client";
