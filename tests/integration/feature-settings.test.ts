import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import {
  featureSettings,
  forgetAppSettings,
  getAppSettings,
  updateFeatureSettings,
} from "@/lib/settings/app-settings";
import { createUser } from "../helpers/factories";
import { resetDatabase } from "../helpers/reset";

// The playground, arena and leaderboard switches: off by default, changed by admins only, audited with
// what changed, validated, and read by every request through a short per-instance cache.

beforeEach(async () => {
  await resetDatabase();
  forgetAppSettings();
});

describe("feature settings", () => {
  it("start off, change one field at a time, and audit only what changed", async () => {
    const admin = await createUser({ role: "ADMIN" });
    expect(await featureSettings()).toEqual({
      playgroundAdminsOnly: false,
      arenaSharePercent: 0,
      leaderboardPublic: false,
    });
    await updateFeatureSettings(admin.actor, { arenaSharePercent: 5 });
    const after = await updateFeatureSettings(admin.actor, { leaderboardPublic: true, arenaSharePercent: 5 });
    expect(after).toEqual({ playgroundAdminsOnly: false, arenaSharePercent: 5, leaderboardPublic: true });
    expect(await getAppSettings(admin.actor)).toEqual({ apiRoles: ["USER", "ADMIN"], ...after });
    expect(await featureSettings()).toEqual(after);

    const audit = await db().auditLog.findMany({
      where: { action: "settings.features" },
      orderBy: { createdAt: "asc" },
      select: { details: true },
    });
    expect(audit.map((row) => row.details)).toEqual([
      { before: { arenaSharePercent: 0 }, after: { arenaSharePercent: 5 } },
      { before: { leaderboardPublic: false }, after: { leaderboardPublic: true } },
    ]);
    // Saving the same values again writes no audit line.
    await updateFeatureSettings(admin.actor, { leaderboardPublic: true });
    expect(await db().auditLog.count({ where: { action: "settings.features" } })).toBe(2);
  });

  it("refuses out-of-range and unknown fields, and writes nothing", async () => {
    const admin = await createUser({ role: "ADMIN" });
    for (const bad of [
      { arenaSharePercent: 101 },
      { arenaSharePercent: -1 },
      { arenaSharePercent: 2.5 },
      { x: 1 },
    ]) {
      await expect(updateFeatureSettings(admin.actor, bad)).rejects.toMatchObject({ code: "VALIDATION" });
    }
    expect(await db().appSettings.count()).toBe(0);
    expect(await db().auditLog.count()).toBe(0);
  });

  it("serves another instance's change within the cache's few seconds, and its own at once", async () => {
    const admin = await createUser({ role: "ADMIN" });
    expect((await featureSettings()).playgroundAdminsOnly).toBe(false);
    // Another instance's write: straight to the row, without this process forgetting its copy.
    await db().appSettings.upsert({
      where: { id: 1 },
      create: { id: 1, playgroundAdminsOnly: true },
      update: { playgroundAdminsOnly: true },
    });
    expect((await featureSettings()).playgroundAdminsOnly).toBe(false);
    await updateFeatureSettings(admin.actor, { leaderboardPublic: true });
    expect(await featureSettings()).toMatchObject({ playgroundAdminsOnly: true, leaderboardPublic: true });
  });
});
