import { databaseFailureKind } from "./unavailable";

// While the database is down every request that needs it fails, each idle connection of the pool
// reports its end, and the final saves of answers retry: logging each of these would flood the log
// just when an operator reads it. One line per interval says it is still down; one line says it is
// back (the pool made a new connection). Kept apart from the pool so its timing can be tested with a
// clock, and held on globalThis because Next.js may load this module once per route bundle.

export type DatabaseOutageLog = {
  /** Something failed because the database went away: logs at most once per interval. */
  failed(error: unknown, context: string): void;
  /** A new connection succeeded: logs once if an outage was reported. */
  recovered(): void;
};

export const WARN_EVERY_MS = 60_000;

export function databaseOutageLog(options: {
  intervalMs: number;
  now?: () => number;
  warn?: (message: string) => void;
}): DatabaseOutageLog {
  const now = options.now ?? (() => performance.now());
  const warn = options.warn ?? ((message: string) => console.warn(message));
  let lastWarnedAt: number | undefined;
  let downSince: number | undefined;
  return {
    failed(error, context) {
      const at = now();
      downSince ??= at;
      if (lastWarnedAt !== undefined && at - lastWarnedAt < options.intervalMs) return;
      lastWarnedAt = at;
      warn(
        `The database (DATABASE_URL) is not answering (${databaseFailureKind(error)}; ${context}). ` +
          "Requests that need it fail with 503 until it is back; the pool reconnects by itself.",
      );
    },
    recovered() {
      if (downSince === undefined) return;
      const seconds = Math.round((now() - downSince) / 100) / 10;
      downSince = undefined;
      lastWarnedAt = undefined;
      warn(`The database (DATABASE_URL) answers again (first failure ${seconds} s ago).`);
    },
  };
}

const KEY = Symbol.for("flywheel.databaseOutageLog");
const shared = globalThis as unknown as { [KEY]?: DatabaseOutageLog };

/** The process's outage log. */
export function databaseOutage(): DatabaseOutageLog {
  shared[KEY] ??= databaseOutageLog({ intervalMs: WARN_EVERY_MS });
  return shared[KEY];
}

/** For tests: the same log on a clock and a sink the test controls. */
export function configureDatabaseWarnings(options: Parameters<typeof databaseOutageLog>[0]): void {
  shared[KEY] = databaseOutageLog(options);
}
