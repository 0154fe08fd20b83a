import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createUser } from "../helpers/factories";
import { addProvider } from "../helpers/registry-rows";
import { resetDatabase } from "../helpers/reset";
import { startRedisServer, type RedisServer } from "../helpers/redis-server";
import { connectPlain, waitForSubscribers, waitUntil, type PlainRedis } from "../helpers/redis-wait";
import type { db } from "@/lib/db/client";
import type { featureSettings, updateFeatureSettings } from "@/lib/settings/app-settings";
import type { invalidateRegistry, modelsForRole } from "@/lib/models/registry";
import type { forgetApiKeys } from "@/lib/api-keys/verify";
import type * as clientModule from "@/lib/redis/client";

// Cross-instance cache invalidation through a real redis-server. This process is one instance; a plain
// Redis connection stands in for another one (it writes to PostgreSQL and publishes, as an instance's
// admin action does). Without the message the caches would serve the old value for 2 to 4 s.
let server: RedisServer;
let other: PlainRedis;
let lib: {
  db: typeof db;
  featureSettings: typeof featureSettings;
  updateFeatureSettings: typeof updateFeatureSettings;
  modelsForRole: typeof modelsForRole;
  invalidateRegistry: typeof invalidateRegistry;
  forgetApiKeys: typeof forgetApiKeys;
  redis: typeof clientModule;
  channel: string;
};

beforeAll(async () => {
  server = await startRedisServer();
  process.env.REDIS_URL = server.url;
  other = await connectPlain(server.url);
  const settings = await import("@/lib/settings/app-settings");
  const registry = await import("@/lib/models/registry");
  lib = {
    db: (await import("@/lib/db/client")).db,
    featureSettings: settings.featureSettings,
    updateFeatureSettings: settings.updateFeatureSettings,
    modelsForRole: registry.modelsForRole,
    invalidateRegistry: registry.invalidateRegistry,
    forgetApiKeys: (await import("@/lib/api-keys/verify")).forgetApiKeys,
    redis: await import("@/lib/redis/client"),
    channel: (await import("@/lib/redis/invalidation")).INVALIDATION_CHANNEL,
  };
});
afterAll(async () => {
  await lib.redis.closeRedis();
  await other.close();
  await server.stop();
});
beforeEach(resetDatabase);

const publishFromOther = (kind: string) =>
  other.publish(lib.channel, JSON.stringify({ kind, from: "instance-a" }));

describe("with REDIS_URL, a change on another instance", () => {
  it("to the feature settings is served here well under a second, not after the 4 s cache", async () => {
    await lib.featureSettings(); // Cached now, and subscribed.
    await waitForSubscribers(other, lib.channel);
    await lib.db().appSettings.upsert({
      where: { id: 1 },
      create: { id: 1, leaderboardPublic: true },
      update: { leaderboardPublic: true },
    });
    // The cache is real: without a message this instance still serves the old value.
    expect((await lib.featureSettings()).leaderboardPublic).toBe(false);

    await publishFromOther("app-settings");
    const ms = await waitUntil(async () => (await lib.featureSettings()).leaderboardPublic, 3_000);
    expect(ms).toBeLessThan(500);
  });

  it("to the model registry is served here well under the 2 s version check", async () => {
    await lib.modelsForRole("USER");
    await waitForSubscribers(other, lib.channel);
    await addProvider({ baseUrl: "http://127.0.0.1:1/v1", models: [{ modelId: "pushed-model" }] });
    expect((await lib.modelsForRole("USER")).models.map((m) => m.id)).not.toContain("pushed-model");

    await publishFromOther("registry");
    const seen = async () => (await lib.modelsForRole("USER")).models.some((m) => m.id === "pushed-model");
    expect(await waitUntil(seen, 3_000)).toBeLessThan(500);
  });

  it("is ignored when the message is malformed (the cache stays)", async () => {
    await lib.featureSettings();
    await waitForSubscribers(other, lib.channel);
    await lib.db().appSettings.upsert({
      where: { id: 1 },
      create: { id: 1, arenaSharePercent: 50 },
      update: { arenaSharePercent: 50 },
    });
    await other.publish(lib.channel, "not json");
    await other.publish(lib.channel, JSON.stringify({ kind: "everything", from: "instance-a" }));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await lib.featureSettings()).arenaSharePercent).toBe(0);
  });
});

describe("with REDIS_URL, a change made here", () => {
  it("is published once per cache, tagged with this instance's id", async () => {
    const listener = other.duplicate();
    listener.on("error", () => undefined);
    await listener.connect();
    const received: { kind: string; from: string; at: number }[] = [];
    await listener.subscribe(lib.channel, (raw) =>
      received.push({ ...(JSON.parse(raw) as { kind: string; from: string }), at: performance.now() }),
    );
    try {
      const { actor } = await createUser({ role: "ADMIN" });
      const started = performance.now();
      await lib.updateFeatureSettings(actor, {
        playgroundAdminsOnly: true,
        arenaSharePercent: 0,
        leaderboardPublic: false,
      });
      lib.invalidateRegistry();
      lib.forgetApiKeys();
      await waitUntil(() => received.length >= 3, 2_000);
      expect(received.map((m) => m.kind).sort()).toEqual(["api-keys", "app-settings", "registry"]);
      expect(new Set(received.map((m) => m.from))).toEqual(new Set([lib.redis.instanceId()]));
      expect(Math.max(...received.map((m) => m.at)) - started).toBeLessThan(1_000);
      // And this instance serves its own change at once.
      expect((await lib.featureSettings()).playgroundAdminsOnly).toBe(true);
    } finally {
      await listener.close();
    }
  });
});
