import "server-only";
import type { ClientBase } from "pg";
import { checkHistory, readHistory } from "../db/migrations/migration-history";
import { readMigrations, type Migration } from "../db/migrations/read-migrations";
import { redisConfigured, redisReady } from "../redis/client";
import { isDraining } from "./draining";
import { DATABASE_PING } from "./readiness-sql";

// GET /api/ready: may a load balancer send this instance traffic? Each check throws a plain reason
// (no host, version or secret: the endpoint needs no session). Checks run in parallel, each with its
// own deadline, so a database that does not answer fails the probe in seconds, not after the pool's
// or the kernel's timeouts.

export interface ReadinessCheck {
  name: string;
  /** Resolves when healthy; throws an Error whose message is the reason shown to the prober. */
  check: () => Promise<void>;
}

export type ReadinessResult =
  | { ready: true; checks: Record<string, "ok"> }
  | { ready: false; reason: string; checks: Record<string, string> };

type Queryable = Pick<ClientBase, "query">;

export const CHECK_TIMEOUT_MS = 3_000;

// The migrations on disk cannot change under a running process: read the folder once.
let migrationsOnDisk: Promise<Migration[]> | undefined;

async function databaseAnswers(database: Queryable): Promise<void> {
  try {
    await database.query({ ...DATABASE_PING, values: [] });
  } catch (error) {
    throw new Error(`the database does not answer (${failureKind(error)})`);
  }
}

async function migrationsApplied(database: Queryable): Promise<void> {
  migrationsOnDisk ??= readMigrations().catch((error: unknown) => {
    migrationsOnDisk = undefined;
    throw error;
  });
  const migrations = await migrationsOnDisk;
  let pending: Migration[];
  try {
    pending = checkHistory(migrations, await readHistory(database));
  } catch {
    throw new Error("the migration history needs attention (see the start-up log)");
  }
  if (pending.length > 0) throw new Error(`${pending.length} migration(s) not applied`);
}

/**
 * The checks, in the order they are reported. This is the one place a new dependency adds its own,
 * e.g. `{ name: "redis", check }` when REDIS_URL is set.
 */
export function readinessChecks(database: Queryable): ReadinessCheck[] {
  return [
    {
      name: "shutdown",
      check: () =>
        isDraining() ? Promise.reject(new Error("this instance is shutting down")) : Promise.resolve(),
    },
    { name: "database", check: () => databaseAnswers(database) },
    { name: "migrations", check: () => migrationsApplied(database) },
    // Only when REDIS_URL is set: without it a single instance needs nothing more.
    ...(redisConfigured() ? [{ name: "redis", check: redisAnswers }] : []),
  ];
}

async function redisAnswers(): Promise<void> {
  const { ok, reason } = await redisReady();
  if (!ok) throw new Error(reason ?? "Redis at REDIS_URL does not answer.");
}

export async function checkReadiness(
  checks: ReadinessCheck[],
  timeoutMs = CHECK_TIMEOUT_MS,
): Promise<ReadinessResult> {
  const outcomes = await Promise.all(
    checks.map(async ({ name, check }) => {
      try {
        await withDeadline(check(), timeoutMs, `no answer within ${timeoutMs / 1000} s`);
        return { name, reason: null };
      } catch (error) {
        return { name, reason: error instanceof Error ? error.message : "failed" };
      }
    }),
  );
  const failed = outcomes.filter((outcome) => outcome.reason !== null);
  const checksByName = Object.fromEntries(outcomes.map((o) => [o.name, o.reason ?? "ok"]));
  if (failed.length === 0) return { ready: true, checks: checksByName as Record<string, "ok"> };
  const reason = failed.map((outcome) => `${outcome.name}: ${outcome.reason}`).join("; ");
  return { ready: false, reason, checks: checksByName };
}

function withDeadline<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

/** The driver's error code (ECONNREFUSED, 57P03…), never its message, which may name the host. */
function failureKind(error: unknown): string {
  const code =
    error && typeof error === "object" && "code" in error && typeof error.code === "string"
      ? error.code
      : undefined;
  const known: Record<string, string> = {
    ECONNREFUSED: "connection refused",
    ENOTFOUND: "unknown host",
    EAI_AGAIN: "unknown host",
    ETIMEDOUT: "timed out",
    ECONNRESET: "connection reset",
    "57P03": "the database is starting up",
    "53300": "too many connections",
  };
  if (code && known[code]) return known[code];
  if (error instanceof Error && /timeout/i.test(error.message)) return "timed out";
  return code ? `error ${code}` : "error";
}
