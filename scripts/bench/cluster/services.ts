// What the instances share: one fresh database on the local PostgreSQL (dropped at the end), one
// private redis-server, and the fake OpenAI-compatible upstream in its own process (so its event loop
// does not share the load generator's), plus the benchmark's users and their session cookies.
import { execFileSync } from "node:child_process";
import pg from "pg";
import { benchSessionCookie } from "../lib/bench-user";
import { createTestDatabase } from "../../../tests/helpers/database";
import { startRedisServer } from "../../../tests/helpers/redis-server";
import { startFakeUpstream } from "../../lib/fake-upstream";
import { onCleanup } from "./cleanup";

export const AUTH_SECRET = "bench-cluster-secret-bench-cluster-secret-0123";
export const ENCRYPTION_KEY = "bench-cluster-encryption-key-bench-cluster-0123";
export const MODEL = "bench-model";

export type Upstream = { url: string; setScenario(scenario: Record<string, unknown>): Promise<void> };

export async function startDatabase(): Promise<{ url: string; sql: pg.Pool }> {
  process.env.TEST_DATABASE_URL ??= "postgresql://postgres@127.0.0.1:5432/postgres";
  const database = await createTestDatabase();
  onCleanup("database", () => database.drop());
  const sql = new pg.Pool({ connectionString: database.url, max: 3 });
  // An idle connection cut by the database's DROP … WITH (FORCE) at the end is no failure of the run.
  sql.on("error", () => undefined);
  onCleanup("database pool", () => sql.end());
  return { url: database.url, sql };
}

export async function startRedis(): Promise<{ url: string; pid: number }> {
  const redis = await startRedisServer();
  onCleanup("redis-server", () => redis.stop());
  return { url: redis.url, pid: listenerPid(redis.port) };
}

/** The pid of the process listening on a port of this machine (for its CPU time). */
function listenerPid(port: number): number {
  const out = execFileSync("ss", ["-ltnpH", `sport = :${port}`], { encoding: "utf8" });
  return Number(/pid=(\d+)/.exec(out)?.[1] ?? 0);
}

export async function startUpstream(): Promise<Upstream & { pid: number }> {
  const fake = await startFakeUpstream();
  onCleanup("fake upstream", () => fake.stop());
  return {
    url: fake.url,
    pid: fake.process.pid!,
    async setScenario(scenario) {
      const response = await fetch(`${fake.control}/scenario`, {
        method: "POST",
        body: JSON.stringify(scenario),
      });
      if (response.status !== 204)
        throw new Error(`the fake upstream refused the scenario (${response.status})`);
    },
  };
}

/** Creates `count` users and mints each a session cookie as Auth.js would (the shared AUTH_SECRET). */
export async function createUsers(sql: pg.Pool, count: number): Promise<string[]> {
  return Promise.all(Array.from({ length: count }, () => benchSessionCookie(sql, AUTH_SECRET)));
}
