import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer } from "node:net";
import { resetDatabase } from "../helpers/reset";
import type { db } from "@/lib/db/client";
import type * as fixedWindowModule from "@/lib/rate-limit/fixed-window";
import type * as clientModule from "@/lib/redis/client";
import type * as probesModule from "@/lib/ops/probe-responses";

// REDIS_URL set, but nothing listens there from the start: readiness names REDIS_URL, and requests
// fall back to PostgreSQL without waiting for Redis each time.
let lib: {
  db: typeof db;
  window: typeof fixedWindowModule;
  redis: typeof clientModule;
  probes: typeof probesModule;
};
let port = 0;
const warnings: string[] = [];

async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === "object" && address ? address.port : 1;
}

beforeAll(async () => {
  port = await unusedPort();
  process.env.REDIS_URL = `redis://:s3cret@127.0.0.1:${port}`;
  lib = {
    db: (await import("@/lib/db/client")).db,
    window: await import("@/lib/rate-limit/fixed-window"),
    redis: await import("@/lib/redis/client"),
    probes: await import("@/lib/ops/probe-responses"),
  };
  lib.redis.configureRedisWarnings({ intervalMs: 60_000, warn: (line) => warnings.push(line) });
  await resetDatabase();
});
afterAll(async () => lib.redis.closeRedis());

describe("with REDIS_URL set and Redis down at start", () => {
  it("readiness fails naming REDIS_URL, never its password", async () => {
    const ready = await lib.redis.redisReady();
    expect(ready.ok).toBe(false);
    expect(ready.reason).toMatch(/REDIS_URL/);
    expect(ready.reason).not.toContain("s3cret");
    // GET /api/ready: not ready, naming the check and REDIS_URL, never the address or the password.
    const response = await lib.probes.readyResponse();
    expect(response.status).toBe(503);
    const text = await response.text();
    expect(text).toContain("redis: Redis at REDIS_URL does not answer.");
    expect(text).not.toContain("s3cret");
    expect(text).not.toContain(String(port));
  });

  it("rate limits count in PostgreSQL, without waiting for Redis on every request", async () => {
    await lib.window.hit("start", 60_000); // The first use may wait for the first connection attempt.
    const started = performance.now();
    for (let i = 2; i <= 11; i++) expect((await lib.window.hit("start", 60_000)).count).toBe(i);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(await lib.db().rateLimit.findUnique({ where: { key: "start" } })).toMatchObject({ count: 11 });
    expect(warnings.filter((line) => /unavailable/.test(line))).toHaveLength(1);
    expect(warnings.join("\n")).not.toContain("s3cret");
  });
});
