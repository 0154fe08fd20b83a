import { describe, expect, it } from "vitest";
import { versionedCache } from "@/lib/models/registry-cache";

// The registry cache's timing, on a fake clock: how often it asks for the stored version, when it
// reloads, and that callers at the same moment share one check.

function setup(checkEveryMs = 2_000) {
  let clock = 0;
  let stored = 1;
  const calls = { version: 0, load: 0 };
  let release: (() => void) | undefined;
  let gate: Promise<void> | undefined;
  const cache = versionedCache({
    readVersion: async () => {
      calls.version++;
      if (gate) await gate;
      return stored;
    },
    load: () => {
      calls.load++;
      return Promise.resolve({ version: stored, loadNumber: calls.load });
    },
    checkEveryMs,
    now: () => clock,
  });
  return {
    cache,
    calls,
    tick: (ms: number) => (clock += ms),
    bump: () => stored++,
    hold: () => {
      gate = new Promise<void>((resolve) => (release = resolve));
    },
    letGo: () => {
      gate = undefined;
      release?.();
    },
  };
}

describe("versionedCache", () => {
  it("loads on first use and serves from memory until the check interval has passed", async () => {
    const t = setup();
    expect(await t.cache.get()).toEqual({ version: 1, loadNumber: 1 });
    t.tick(1_999);
    await t.cache.get();
    expect(t.calls).toEqual({ version: 0, load: 1 });
  });

  it("compares the version after the interval and reloads only when it moved", async () => {
    const t = setup();
    await t.cache.get();
    t.tick(2_000);
    expect((await t.cache.get()).loadNumber).toBe(1);
    expect(t.calls).toEqual({ version: 1, load: 1 });

    t.bump();
    // Within the interval of the last check the old value is still served…
    t.tick(1_000);
    expect((await t.cache.get()).version).toBe(1);
    // …and never after it.
    t.tick(1_000);
    expect(await t.cache.get()).toEqual({ version: 2, loadNumber: 2 });
  });

  it("shares one check between concurrent callers", async () => {
    const t = setup();
    await t.cache.get();
    t.tick(5_000);
    t.bump();
    t.hold();
    const many = Array.from({ length: 20 }, () => t.cache.get());
    t.letGo();
    const values = await Promise.all(many);
    expect(new Set(values.map((v) => v.loadNumber))).toEqual(new Set([2]));
    expect(t.calls).toEqual({ version: 1, load: 2 });
  });

  it("reloads at the next access after invalidate(), without waiting for the interval", async () => {
    const t = setup();
    await t.cache.get();
    t.cache.invalidate();
    expect((await t.cache.get()).loadNumber).toBe(2);
  });

  it("does not keep a result from a check that started before invalidate()", async () => {
    const t = setup();
    await t.cache.get();
    t.tick(2_000);
    t.hold();
    const early = t.cache.get();
    t.cache.invalidate();
    t.letGo();
    await early;
    expect((await t.cache.get()).loadNumber).toBe(2);
  });

  it("tries again on the next access when a check fails", async () => {
    let fail = true;
    const cache = versionedCache({
      readVersion: () => (fail ? Promise.reject(new Error("database down")) : Promise.resolve(1)),
      load: () => (fail ? Promise.reject(new Error("database down")) : Promise.resolve({ version: 1 })),
      checkEveryMs: 2_000,
      now: () => 0,
    });
    await expect(cache.get()).rejects.toThrow("database down");
    fail = false;
    await expect(cache.get()).resolves.toEqual({ version: 1 });
  });
});
