import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import {
  deletePreset,
  listPresets,
  PRESETS_PER_USER,
  renamePreset,
  savePreset,
  setPresetShared,
} from "@/lib/playground/presets";
import type { PlaygroundSettings } from "@/lib/playground/schemas";
import { createUser } from "../helpers/factories";
import { resetDatabase } from "../helpers/reset";

// Playground presets on a real database: per user, overwritten only when asked, capped, shared by
// admins with everyone (audited), and someone else's preset is "not found" to every change.

const settings = (overrides: Partial<PlaygroundSettings> = {}): PlaygroundSettings => ({
  models: ["fake-model"],
  systemPrompt: "Be brief.",
  messages: [{ role: "user", content: 'Say "hi" in 日本語 😀\nplease' }],
  params: {
    temperature: 0.3,
    stopSequences: ["END"],
    responseFormat: { type: "json", schema: '{"type":"object"}' },
  },
  ...overrides,
});

const errorOf = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: { code?: string; fieldErrors?: Record<string, string> }) => error,
  );

beforeEach(() => resetDatabase());

describe("presets", () => {
  it("saves a preset per user and loads it back unchanged", async () => {
    const alice = await createUser({ name: "Alice" });
    const bob = await createUser();
    const saved = await savePreset(alice.actor, { name: "  Translator  ", settings: settings() });
    expect(saved).toMatchObject({ name: "Translator", shared: false, mine: true, ownerName: "Alice" });
    expect(saved.settings).toEqual(settings());

    const list = await listPresets(alice.actor);
    expect(list.canShare).toBe(false);
    expect(list.presets).toEqual([saved]);
    // Bob has his own list; Alice's preset is not in it.
    expect((await listPresets(bob.actor)).presets).toEqual([]);
    // Bob may use the same name for his own.
    await savePreset(bob.actor, { name: "Translator", settings: settings({ systemPrompt: "" }) });
    expect((await listPresets(bob.actor)).presets.map((p) => p.settings.systemPrompt)).toEqual([""]);
  });

  it("lists the caller's presets by name", async () => {
    const { actor } = await createUser();
    for (const name of ["beta", "gamma", "alpha"]) await savePreset(actor, { name, settings: settings() });
    expect((await listPresets(actor)).presets.map((p) => p.name)).toEqual(["alpha", "beta", "gamma"]);
  });

  it("a taken name is a conflict on the name field, and overwrite replaces the settings", async () => {
    const { actor } = await createUser();
    const first = await savePreset(actor, { name: "Mine", settings: settings() });
    const conflict = await errorOf(
      savePreset(actor, { name: "Mine", settings: settings({ systemPrompt: "x" }) }),
    );
    expect(conflict).toMatchObject({
      code: "CONFLICT",
      fieldErrors: { name: 'You already have a preset named "Mine".' },
    });
    expect((await listPresets(actor)).presets[0]!.settings.systemPrompt).toBe("Be brief.");

    const replaced = await savePreset(actor, {
      name: "Mine",
      settings: settings({ systemPrompt: "x" }),
      overwrite: true,
    });
    expect(replaced.id).toBe(first.id);
    expect(replaced.settings.systemPrompt).toBe("x");
    expect(await db().playgroundPreset.count()).toBe(1);
  });

  it("two first saves of one name at once store one preset and answer the other with a conflict", async () => {
    const { actor } = await createUser();
    const outcomes = await Promise.all(
      [1, 2].map((i) =>
        errorOf(savePreset(actor, { name: "Race", settings: settings({ systemPrompt: `${i}` }) })),
      ),
    );
    expect(outcomes.filter((o) => o === null)).toHaveLength(1);
    expect(outcomes.find((o) => o !== null)).toMatchObject({ code: "CONFLICT" });
    expect(await db().playgroundPreset.count()).toBe(1);
  });

  it("refuses bad input with field errors and writes nothing", async () => {
    const { actor } = await createUser();
    const cases: [unknown, string][] = [
      [{ name: "  ", settings: settings() }, "name"],
      [{ name: "x".repeat(81), settings: settings() }, "name"],
      [{ name: "nul\u0000", settings: settings() }, "name"],
      [{ name: "ok", settings: settings({ models: [] }) }, "settings.models"],
      [{ name: "ok", settings: settings({ params: { temperature: 3 } }) }, "settings.params.temperature"],
      [
        { name: "ok", settings: settings({ params: { responseFormat: { type: "json", schema: "[1]" } } }) },
        "settings.params.responseFormat.schema",
      ],
      [{ name: "ok", settings: settings({ messages: [{ role: "user", content: "a\u0000b" }] }) }, "settings"],
      [{ name: "ok", settings: settings(), extra: true }, "form"],
    ];
    for (const [input, field] of cases) {
      const error = await errorOf(savePreset(actor, input));
      expect(error, JSON.stringify(input).slice(0, 80)).toMatchObject({ code: "VALIDATION" });
      expect(Object.keys(error!.fieldErrors ?? {})).toContain(field);
    }
    expect(await db().playgroundPreset.count()).toBe(0);
  });

  it(`keeps at most ${PRESETS_PER_USER} presets per user; overwriting one still works at the cap`, async () => {
    const { actor, user } = await createUser();
    await db().playgroundPreset.createMany({
      data: Array.from({ length: PRESETS_PER_USER }, (_, i) => ({
        userId: user.id,
        name: `p${i}`,
        settings: settings(),
      })),
    });
    await expect(savePreset(actor, { name: "one more", settings: settings() })).rejects.toMatchObject({
      code: "VALIDATION",
      message: expect.stringContaining(`${PRESETS_PER_USER} presets`) as unknown,
    });
    await savePreset(actor, { name: "p7", settings: settings({ systemPrompt: "new" }), overwrite: true });
    expect(await db().playgroundPreset.count()).toBe(PRESETS_PER_USER);
  });

  it("renames and deletes the caller's own; someone else's preset is not found", async () => {
    const owner = await createUser();
    const other = await createUser();
    const admin = await createUser({ role: "ADMIN" });
    const preset = await savePreset(owner.actor, { name: "One", settings: settings() });
    await savePreset(owner.actor, { name: "Two", settings: settings() });

    for (const actor of [other.actor, admin.actor]) {
      await expect(renamePreset(actor, { presetId: preset.id, name: "Mine now" })).rejects.toMatchObject({
        code: "NOT_FOUND",
      });
      await expect(deletePreset(actor, { presetId: preset.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    }
    await expect(setPresetShared(admin.actor, { presetId: preset.id, shared: true })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(renamePreset(owner.actor, { presetId: preset.id, name: "Two" })).rejects.toMatchObject({
      code: "CONFLICT",
      fieldErrors: { name: 'You already have a preset named "Two".' },
    });
    expect((await renamePreset(owner.actor, { presetId: preset.id, name: "Uno" })).name).toBe("Uno");
    await expect(deletePreset(owner.actor, { presetId: randomUUID() })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await deletePreset(owner.actor, { presetId: preset.id });
    expect((await listPresets(owner.actor)).presets.map((p) => p.name)).toEqual(["Two"]);
    // A user's own presets are not audited.
    expect(await db().auditLog.count()).toBe(0);
  });

  it("an admin shares a preset with everyone and takes it back, audited once per change", async () => {
    const admin = await createUser({ role: "ADMIN", name: "Ada" });
    const user = await createUser();
    const preset = await savePreset(admin.actor, { name: "House style", settings: settings() });
    await savePreset(user.actor, { name: "Own", settings: settings() });
    expect((await listPresets(admin.actor)).canShare).toBe(true);

    const shared = await setPresetShared(admin.actor, { presetId: preset.id, shared: true });
    expect(shared).toMatchObject({ shared: true, mine: true });
    await setPresetShared(admin.actor, { presetId: preset.id, shared: true });
    const seen = (await listPresets(user.actor)).presets;
    expect(seen.map((p) => [p.name, p.mine, p.shared, p.ownerName])).toEqual([
      ["Own", true, false, "Test User"],
      ["House style", false, true, "Ada"],
    ]);
    expect(seen[1]!.settings).toEqual(settings());
    // The user may load it, but not change it.
    await expect(
      savePreset(user.actor, { name: "House style", settings: settings() }),
    ).resolves.toMatchObject({
      mine: true,
    });
    await expect(deletePreset(user.actor, { presetId: preset.id })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });

    await setPresetShared(admin.actor, { presetId: preset.id, shared: false });
    expect((await listPresets(user.actor)).presets.map((p) => p.name)).toEqual(["House style", "Own"]);
    expect((await listPresets(user.actor)).presets.every((p) => p.mine)).toBe(true);

    const audit = await db().auditLog.findMany({
      orderBy: { createdAt: "asc" },
      select: { action: true, actorId: true, targetType: true, targetId: true, details: true },
    });
    expect(audit).toEqual([
      {
        action: "preset.share",
        actorId: admin.user.id,
        targetType: "preset",
        targetId: preset.id,
        details: { name: "House style" },
      },
      {
        action: "preset.unshare",
        actorId: admin.user.id,
        targetType: "preset",
        targetId: preset.id,
        details: { name: "House style" },
      },
    ]);
  });

  it("only admins share, and a share lapses when its owner is no longer an active admin", async () => {
    const admin = await createUser({ role: "ADMIN" });
    const user = await createUser();
    const own = await savePreset(user.actor, { name: "Mine", settings: settings() });
    await expect(setPresetShared(user.actor, { presetId: own.id, shared: true })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    const preset = await savePreset(admin.actor, { name: "Shared", settings: settings() });
    await setPresetShared(admin.actor, { presetId: preset.id, shared: true });
    expect((await listPresets(user.actor)).presets).toHaveLength(2);

    await db().user.update({ where: { id: admin.user.id }, data: { role: "USER" } });
    expect((await listPresets(user.actor)).presets.map((p) => p.name)).toEqual(["Mine"]);
    await db().user.update({ where: { id: admin.user.id }, data: { role: "ADMIN", disabledAt: new Date() } });
    expect((await listPresets(user.actor)).presets.map((p) => p.name)).toEqual(["Mine"]);
  });

  it("deleting a shared preset takes it from everyone's menu and is audited", async () => {
    const admin = await createUser({ role: "ADMIN" });
    const user = await createUser();
    const preset = await savePreset(admin.actor, { name: "Gone", settings: settings() });
    await setPresetShared(admin.actor, { presetId: preset.id, shared: true });
    await deletePreset(admin.actor, { presetId: preset.id });
    expect((await listPresets(user.actor)).presets).toEqual([]);
    const last = await db().auditLog.findFirst({
      orderBy: { createdAt: "desc" },
      select: { action: true, details: true },
    });
    expect(last).toEqual({ action: "preset.delete", details: { name: "Gone", shared: true } });
  });

  it("leaves out a stored set-up that no longer validates", async () => {
    const { actor, user } = await createUser();
    await savePreset(actor, { name: "Good", settings: settings() });
    await db().playgroundPreset.create({
      data: { userId: user.id, name: "Stale", settings: { models: [], params: { temperature: 9 } } },
    });
    expect((await listPresets(actor)).presets.map((p) => p.name)).toEqual(["Good"]);
  });
});
