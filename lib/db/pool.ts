import "server-only";
import pg from "pg";
import { databaseUrl, env } from "../env";
import { databaseOutage } from "./outage-log";

// The connection pool on its own module, so that code that only needs `pg` (the export CLI) does not
// load the Prisma client and its query compiler (~110 MiB of a process's memory). lib/db/client.ts
// builds the Prisma client on this same pool. One pool per process, kept on globalThis: in
// development Next.js re-evaluates modules on every change, and each reload would open a new pool.
const globalForPool = globalThis as unknown as { flywheelPool?: pg.Pool };

// The embedded database (PGlite behind its socket server) has one session for every connection it
// ever accepts, so the named prepared statements of a connection the pool closed (idle, or after an
// error) are still there when the next one connects, and preparing them again fails with "already
// exists". So a connection starts by dropping them, before the pool hands it out. On PostgreSQL a new
// connection has none: one cheap statement per physical connection, which the pool keeps open.
class FreshSessionClient extends pg.Client {
  override connect(): Promise<pg.Client>;
  override connect(callback: (error: Error | null, client?: pg.Client) => void): void;
  override connect(callback?: (error: Error | null, client?: pg.Client) => void): Promise<pg.Client> | void {
    const ready = super.connect().then(async () => {
      await super.query("DEALLOCATE ALL");
      return this;
    });
    if (!callback) return ready;
    ready.then(
      (client) => callback(null, client),
      (error: Error) => callback(error),
    );
  }
}

function createPool(): pg.Pool {
  const created = new pg.Pool({
    Client: FreshSessionClient,
    connectionString: databaseUrl(),
    max: env().DATABASE_POOL_SIZE,
    // Fail fast with a clear error page when the database is gone, instead of hanging the request;
    // the pool reconnects on its own when the database is back.
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  });
  // When the server ends a connection the pool holds idle (a restart or failover sends every one of
  // them 57P01), the pool drops it and emits "error": with no listener that is an uncaught exception
  // and the process exits. Nothing is lost (the next query opens a new connection), so it is only
  // noted, once per interval however many connections were open.
  created.on("error", (error) => databaseOutage().failed(error, "the server closed idle connections"));
  created.on("connect", () => databaseOutage().recovered());
  return created;
}

/**
 * The connection pool under the Prisma client. Almost everything goes through db(); the few hot
 * statements that need a named prepared statement (parsed and planned once per connection, which
 * Prisma does not offer) use the pool directly.
 */
export function pool(): pg.Pool {
  globalForPool.flywheelPool ??= createPool();
  return globalForPool.flywheelPool;
}
