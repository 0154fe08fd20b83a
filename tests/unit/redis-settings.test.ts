import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "@/lib/env-schema";
import { outageLog } from "@/lib/redis/outage-log";

describe("REDIS_URL", () => {
  it("is optional: unset (or blank) means no Redis", () => {
    expect(parseEnv({}).REDIS_URL).toBeUndefined();
    expect(parseEnv({ REDIS_URL: "" }).REDIS_URL).toBeUndefined();
  });

  it.each(["redis://127.0.0.1:6379", "rediss://user:pass@redis.example.test:6380/2", "redis://localhost"])(
    "accepts %s",
    (url) => expect(parseEnv({ REDIS_URL: url }).REDIS_URL).toBe(url),
  );

  it.each(["127.0.0.1:6379", "http://127.0.0.1:6379", "redis://", "redis://bad host:6379", "postgres://x/y"])(
    "stops start-up naming REDIS_URL for %s",
    (url) => {
      expect(() => parseEnv({ REDIS_URL: url })).toThrow(EnvError);
      expect(() => parseEnv({ REDIS_URL: url })).toThrow(
        /\n {2}REDIS_URL: must be a redis:\/\/ or rediss:\/\/ URL/,
      );
    },
  );
});

describe("the Redis outage log", () => {
  it("logs the first failure, then at most once per interval, and the recovery once", () => {
    let now = 0;
    const lines: string[] = [];
    const log = outageLog({ intervalMs: 60_000, now: () => now, warn: (line) => lines.push(line) });
    for (let i = 0; i < 100; i++) log.failed(new Error("connect ECONNREFUSED"));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/REDIS_URL.*ECONNREFUSED/);
    now = 59_999;
    log.failed(new Error("again"));
    expect(lines).toHaveLength(1);
    now = 60_000;
    log.failed(new Error("again"));
    expect(lines).toHaveLength(2);
    log.recovered();
    log.recovered();
    expect(lines).toHaveLength(3);
    expect(lines[2]).toMatch(/available again/);
    // A new outage right after is reported at once, not a minute later.
    log.failed(new Error("down"));
    expect(lines).toHaveLength(4);
  });

  it("says nothing on recovery when nothing was reported", () => {
    const lines: string[] = [];
    outageLog({ intervalMs: 60_000, warn: (line) => lines.push(line) }).recovered();
    expect(lines).toEqual([]);
  });
});
