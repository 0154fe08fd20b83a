import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { resetDatabase } from "../helpers/reset";
import { startRedisServer, type RedisServer } from "../helpers/redis-server";
import { connectPlain, waitForSubscribers, waitUntil } from "../helpers/redis-wait";
import type { db } from "@/lib/db/client";
import type { featureSettings, forgetAppSettings } from "@/lib/settings/app-settings";
import type * as fixedWindowModule from "@/lib/rate-limit/fixed-window";
import type * as clientModule from "@/lib/redis/client";

// Redis going down under a running process, then coming back on the same port: nothing fails, the
// counters fall back to PostgreSQL, the log says so once per interval, and the client recovers alone.
let server: RedisServer;
let clock = 0;
const warnings: string[] = [];
let lib: {
  db: typeof db;
  window: typeof fixedWindowModule;
  redis: typeof clientModule;
  featureSettings: typeof featureSettings;
  forgetAppSettings: typeof forgetAppSettings;
  channel: string;
  prefix: string;
};

beforeAll(async () => {
  server = await startRedisServer();
  process.env.REDIS_URL = server.url;
  const settings = await import("@/lib/settings/app-settings");
  lib = {
    db: (await import("@/lib/db/client")).db,
    window: await import("@/lib/rate-limit/fixed-window"),
    redis: await import("@/lib/redis/client"),
    featureSettings: settings.featureSettings,
    forgetAppSettings: settings.forgetAppSettings,
    channel: (await import("@/lib/redis/invalidation")).INVALIDATION_CHANNEL,
    prefix: (await import("@/lib/rate-limit/redis-counters")).REDIS_RATE_LIMIT_PREFIX,
  };
  // The real once-a-minute interval, on a clock the test moves.
  lib.redis.configureRedisWarnings({
    intervalMs: 60_000,
    now: () => clock,
    warn: (line) => warnings.push(line),
  });
});
afterAll(async () => {
  await lib.redis.closeRedis();
  await server.stop();
});
beforeEach(resetDatabase);

const unavailable = () => warnings.filter((line) => /unavailable/.test(line));

describe("with REDIS_URL, when Redis goes down and comes back", () => {
  it("keeps counting in PostgreSQL, warns once a minute, and recovers by itself", async () => {
    expect((await lib.window.hit("k", 60_000)).count).toBe(1);
    expect(await lib.db().rateLimit.count()).toBe(0); // Counted in Redis.
    await lib.featureSettings(); // Subscribed to invalidations.
    expect(await lib.redis.redisReady()).toEqual({ ok: true });

    await server.stop();
    // Every hit answers, from PostgreSQL, without waiting for Redis.
    const started = performance.now();
    for (let i = 1; i <= 20; i++) expect((await lib.window.hit("k", 60_000)).count).toBe(i);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(await lib.db().rateLimit.findUnique({ where: { key: "k" } })).toMatchObject({ count: 20 });
    // A change on this instance still works (the publish is lost; the others' checks make up for it).
    expect(() => lib.forgetAppSettings()).not.toThrow();

    const ready = await lib.redis.redisReady();
    expect(ready.ok).toBe(false);
    expect(ready.reason).toMatch(/REDIS_URL/);
    expect(ready.reason).not.toContain(String(server.port)); // The URL may carry a password.

    // Many failures (commands and reconnect attempts), one line.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(unavailable()).toHaveLength(1);
    expect(unavailable()[0]).toMatch(/REDIS_URL/);
    clock += 60_001;
    await lib.window.hit("k", 60_000);
    expect(unavailable()).toHaveLength(2);
    for (let i = 0; i < 10; i++) await lib.window.hit("k", 60_000);
    expect(unavailable()).toHaveLength(2);

    await server.start();
    const recoveredIn = await waitUntil(async () => (await lib.redis.redisReady()).ok, 10_000);
    expect(recoveredIn).toBeLessThan(5_000);
    expect(warnings.at(-1)).toMatch(/available again/);

    // Counting is back in Redis (the restarted server is empty: a new window).
    expect((await lib.window.hit("after", 60_000)).count).toBe(1);
    const plain = await connectPlain(server.url);
    try {
      expect(await plain.get(`${lib.prefix}after`)).toBe("1");
      // And the subscription was restored: another instance's message clears this one's cache.
      await waitForSubscribers(plain, lib.channel);
      await lib.featureSettings();
      await lib.db().appSettings.upsert({
        where: { id: 1 },
        create: { id: 1, leaderboardPublic: true },
        update: { leaderboardPublic: true },
      });
      await plain.publish(lib.channel, JSON.stringify({ kind: "app-settings", from: "instance-a" }));
      expect(
        await waitUntil(async () => (await lib.featureSettings()).leaderboardPublic, 3_000),
      ).toBeLessThan(500);
    } finally {
      await plain.close();
    }
  });
});
