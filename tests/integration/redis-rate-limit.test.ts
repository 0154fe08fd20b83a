import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { resetDatabase } from "../helpers/reset";
import { startRedisServer, type RedisServer } from "../helpers/redis-server";
import { connectPlain, type PlainRedis } from "../helpers/redis-wait";
import type { db } from "@/lib/db/client";
import type { closeRedis } from "@/lib/redis/client";
import type * as fixedWindowModule from "@/lib/rate-limit/fixed-window";
import type * as attemptsModule from "@/lib/rate-limit/attempts";

// The fixed-window counters in a real redis-server: atomic under concurrency, shared (they live in
// Redis, not in this process or in PostgreSQL), and expiring with their window.
let server: RedisServer;
let other: PlainRedis;
let lib: {
  db: typeof db;
  window: typeof fixedWindowModule;
  attempts: typeof attemptsModule;
  closeRedis: typeof closeRedis;
  prefix: string;
};

beforeAll(async () => {
  server = await startRedisServer();
  process.env.REDIS_URL = server.url;
  other = await connectPlain(server.url);
  lib = {
    db: (await import("@/lib/db/client")).db,
    window: await import("@/lib/rate-limit/fixed-window"),
    attempts: await import("@/lib/rate-limit/attempts"),
    closeRedis: (await import("@/lib/redis/client")).closeRedis,
    prefix: (await import("@/lib/rate-limit/redis-counters")).REDIS_RATE_LIMIT_PREFIX,
  };
});
afterAll(async () => {
  await lib.closeRedis();
  await other.close();
  await server.stop();
});
beforeEach(async () => {
  await resetDatabase();
  await other.flushAll();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("with REDIS_URL, rate-limit counters", () => {
  it("count 50 parallel hits as 1..50, in Redis and not in PostgreSQL", async () => {
    const states = await Promise.all(Array.from({ length: 50 }, () => lib.window.hit("burst", 60_000)));
    expect(states.map((s) => s.count).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 50 }, (_, i) => i + 1),
    );
    for (const state of states) expect(state.retryAfterSeconds).toBeGreaterThanOrEqual(59);
    // Another instance reads the same counter: it lives in Redis, with the window as its TTL.
    expect(await other.get(`${lib.prefix}burst`)).toBe("50");
    const ttl = await other.pTTL(`${lib.prefix}burst`);
    expect(ttl).toBeGreaterThan(55_000);
    expect(ttl).toBeLessThanOrEqual(60_000);
    expect(await lib.db().rateLimit.count()).toBe(0);
    expect(await lib.window.peek("burst", 60_000)).toMatchObject({ count: 50 });
  });

  it("see the hits of another instance", async () => {
    await lib.window.hit("shared", 60_000);
    // What another instance's hit() does: the same script on the same key.
    await other.incr(`${lib.prefix}shared`);
    expect((await lib.window.hit("shared", 60_000)).count).toBe(3);
  });

  it("start a new window when the old one expires", async () => {
    expect((await lib.window.hit("short", 300)).count).toBe(1);
    expect((await lib.window.hit("short", 300)).count).toBe(2);
    expect(await lib.window.peek("short", 300)).toEqual({ count: 2, retryAfterSeconds: 1 });
    await sleep(400);
    expect(await lib.window.peek("short", 300)).toEqual({ count: 0, retryAfterSeconds: 0 });
    expect((await lib.window.hit("short", 300)).count).toBe(1);
  });

  it("leave the keys SQL statements also count in PostgreSQL, as one counter with theirs", async () => {
    // compareAnswers spends `feedback:<user>` through hit(); rateMessage spends it inside its statement.
    expect((await lib.window.hit("feedback:someone", 60_000)).count).toBe(1);
    expect(await lib.db().rateLimit.findUnique({ where: { key: "feedback:someone" } })).toMatchObject({
      count: 1,
    });
    expect(await other.get(`${lib.prefix}feedback:someone`)).toBeNull();
  });

  it("forget a key on reset", async () => {
    await lib.window.hit("gone", 60_000);
    await lib.window.reset("gone");
    expect(await lib.window.peek("gone", 60_000)).toEqual({ count: 0, retryAfterSeconds: 0 });
  });

  it("count guesses under several keys atomically, and refund a success", async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, () => lib.attempts.countAttempt(["pair:a", "ip:a"], 60_000)),
    );
    const counts = (key: string) => results.map((r) => r.get(key)!.count).sort((a, b) => a - b);
    const oneToTwenty = Array.from({ length: 20 }, (_, i) => i + 1);
    expect(counts("pair:a")).toEqual(oneToTwenty);
    expect(counts("ip:a")).toEqual(oneToTwenty);
    expect(results[0]!.get("ip:a")!.retryAfterSeconds).toBeGreaterThanOrEqual(59);

    await lib.attempts.refundAttempt(["pair:a", "ip:a"], ["pair:a"]);
    expect(await other.get(`${lib.prefix}pair:a`)).toBeNull();
    expect(await other.get(`${lib.prefix}ip:a`)).toBe("19");
    expect(await lib.db().rateLimit.count()).toBe(0);
  });
});
