// Embedded PostgreSQL: PGlite (PostgreSQL compiled to WebAssembly, running in this process) served over
// TCP by @electric-sql/pglite-socket, so that `pg` and @prisma/adapter-pg use it like any server.
// No "server-only" here: the CLI scripts and the tests start it too.
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";

export interface EmbeddedPostgres {
  /** postgresql://… URL for `pg` / @prisma/adapter-pg. Serves ONE connection at a time (see below). */
  url: string;
  /** Stops the server and closes the database (flushing it to dataDir). Safe to call twice. */
  close(): Promise<void>;
}

const HOST = "127.0.0.1";

// PGlite is a single PostgreSQL session. pglite-socket can multiplex several client connections onto
// it (maxConnections > 1), but it interleaves clients message by message and only keeps a client's
// messages together inside an explicit BEGIN…COMMIT. A statement sent with the extended protocol
// (Parse/Bind/Execute/Sync — every parameterised `pg`/Prisma query) whose messages arrive in more
// than one TCP read (a large parameter, e.g. a long chat message) can then be split by another
// client's statement: we measured another connection's Bind being executed against our Parse, i.e.
// the wrong statement runs with the wrong parameters. Prepared statements, SET and advisory locks
// would be shared between "connections" as well. So we serve exactly one connection: a second
// concurrent client is refused ("Connection terminated unexpectedly") instead of corrupting data.
// Consequences: use a pool of max 1 (the app does), close one client before opening the next, and
// after `pool.end()` (Prisma's $disconnect) give the server a moment to see the socket close.
const MAX_CONNECTIONS = 1;

/**
 * Starts PGlite and serves it on 127.0.0.1.
 * @param opts.dataDir where the database lives; undefined = in memory (gone after close()).
 * @param opts.port TCP port; 0 or undefined = a free port chosen by the OS.
 */
export async function startEmbeddedPostgres(
  opts: { dataDir?: string; port?: number } = {},
): Promise<EmbeddedPostgres> {
  const dataDir = opts.dataDir === undefined ? undefined : path.resolve(opts.dataDir);
  const unlock = dataDir === undefined ? async () => {} : await lockDataDir(dataDir);

  let db: PGlite | undefined;
  try {
    // Loaded here, not at the top: `npm start` imports this module and, with DATABASE_URL set, never
    // calls it; its server process should not carry PGlite's code.
    const [{ PGlite }, { PGLiteSocketServer }] = await Promise.all([
      import("@electric-sql/pglite"),
      import("@electric-sql/pglite-socket"),
    ]);
    if (dataDir !== undefined) await mkdir(path.dirname(dataDir), { recursive: true });
    db = dataDir === undefined ? await PGlite.create() : await PGlite.create({ dataDir });
    const server = new PGLiteSocketServer({
      db,
      host: HOST,
      port: opts.port ?? 0,
      maxConnections: MAX_CONNECTIONS,
    });
    await server.start().catch((error: unknown) => {
      throw new Error(`Cannot start the embedded database on ${HOST}:${opts.port ?? 0}: ${reason(error)}`);
    });
    const port = Number(server.getServerConn().split(":").pop());
    const database = db;

    let closing: Promise<void> | undefined;
    return {
      url: `postgresql://postgres:postgres@${HOST}:${port}/postgres?sslmode=disable`,
      close() {
        closing ??= (async () => {
          try {
            await server.stop();
            await database.close();
          } finally {
            await unlock();
          }
        })();
        return closing;
      },
    };
  } catch (error) {
    await db?.close().catch(() => {});
    await unlock();
    throw error;
  }
}

// PGlite does not stop a second process (or a second instance in this one) from opening the same
// data directory, and two writers corrupt it — e.g. `npm run db:migrate` while `npm start` runs.
async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const lockPath = `${dataDir}.lock`;
  await mkdir(path.dirname(lockPath), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(lockPath, `${process.pid}\n`, { flag: "wx" });
      return () => rm(lockPath, { force: true });
    } catch (error) {
      if (!isErrnoException(error) || error.code !== "EEXIST") throw error;
    }
    const holder = Number.parseInt(await readFile(lockPath, "utf8").catch(() => ""), 10);
    if (Number.isInteger(holder) && holder > 0 && isRunning(holder)) {
      const who = holder === process.pid ? "this process" : `process ${holder}`;
      throw new Error(
        `The embedded database in ${dataDir} is already open in ${who}; stop it first (or delete ${lockPath} if that process is gone).`,
      );
    }
    await rm(lockPath, { force: true }); // left behind by a process that died
  }
  throw new Error(`Cannot lock the embedded database in ${dataDir}: ${lockPath} keeps reappearing.`);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return isErrnoException(error) && error.code === "EPERM";
  }
}

function isErrnoException(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && "code" in error;
}

function reason(error: unknown): string {
  if (isErrnoException(error) && error.code === "EADDRINUSE") return "the port is already in use";
  return error instanceof Error ? error.message : String(error);
}
