import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import OpenAI from "openai";
import { db } from "@/lib/db/client";
import { createApiKey, listUserApiKeys, revokeApiKey } from "@/lib/api-keys/api-keys";
import { forgetApiKeys } from "@/lib/api-keys/verify";
import { listModelsRoute } from "@/lib/api/model-routes";
import { deleteUser, listUsers, setUserDisabled, setUserRole } from "@/lib/admin/users";
import { deleteAccount } from "@/lib/users/settings";
import { getAppSettings, setApiRoles } from "@/lib/settings/app-settings";
import { createUser } from "../helpers/factories";
import { resetDatabase } from "../helpers/reset";
import { startRouteServer } from "../helpers/route-server";

// Admin → Users' side of API keys: admins see and revoke every key, turn API access on or off per role,
// and a disabled or deleted account's keys stop on its next request. Each "next request" below follows
// a request that cached the key as valid, and nothing but the change itself clears that cache.

let server: Awaited<ReturnType<typeof startRouteServer>>;

beforeAll(async () => {
  server = await startRouteServer([{ path: "/api/v1/models", methods: { GET: listModelsRoute } }]);
});
afterAll(() => server.close());
beforeEach(async () => {
  await resetDatabase();
  forgetApiKeys();
});

const client = (apiKey: string) => new OpenAI({ apiKey, baseURL: `${server.url}/api/v1`, maxRetries: 0 });

/** A user with a key that has just answered one request (so this process has it cached as valid). */
async function userWithWorkingKey(role: "USER" | "ADMIN" = "USER") {
  const owner = await createUser({ role });
  const { key, apiKey } = await createApiKey(owner.actor, { name: "Nightly eval", scopes: ["chat"] });
  await client(key).models.list();
  return { ...owner, key, apiKey };
}

describe("admins and other users' keys", () => {
  it("lists a user's keys with their state, and counts them on the users list", async () => {
    const admin = await createUser({ role: "ADMIN" });
    const owner = await createUser({ email: "owner@example.test" });
    const live = await createApiKey(owner.actor, { name: "live", scopes: ["chat", "feedback"] });
    const gone = await createApiKey(owner.actor, { name: "gone", scopes: ["feedback"] });
    const old = await createApiKey(owner.actor, { name: "old", scopes: ["chat"] });
    await revokeApiKey(owner.actor, { keyId: gone.apiKey.id });
    await db().apiKey.update({ where: { id: old.apiKey.id }, data: { expiresAt: new Date(Date.now() - 1) } });

    const keys = await listUserApiKeys(admin.actor, owner.user.id);
    expect(keys.map((k) => [k.name, k.prefix, k.revokedAt !== null, k.expired])).toEqual([
      ["old", old.apiKey.prefix, false, true],
      ["gone", gone.apiKey.prefix, true, false],
      ["live", live.apiKey.prefix, false, false],
    ]);
    expect(keys.find((k) => k.name === "live")?.scopes).toEqual(["chat", "feedback"]);
    expect(JSON.stringify(keys)).not.toContain(live.key.slice(11));

    const { rows } = await listUsers(admin.actor, {});
    const row = rows.find((r) => r.id === owner.user.id);
    expect(row?.apiKeys).toEqual({ active: 1, total: 3 });
    expect(rows.find((r) => r.id === admin.user.id)?.apiKeys).toEqual({ active: 0, total: 0 });
  });

  it("finds the owner of a key by its prefix (a leaked key's first characters)", async () => {
    const admin = await createUser({ role: "ADMIN" });
    const owner = await createUser();
    await createUser();
    const { apiKey } = await createApiKey(owner.actor, { name: "leaked", scopes: ["chat"] });
    const { rows } = await listUsers(admin.actor, { q: apiKey.prefix });
    expect(rows.map((r) => r.id)).toEqual([owner.user.id]);
  });

  it("revokes another user's key: refused on the next request, audited as by an admin", async () => {
    const admin = await createUser({ role: "ADMIN" });
    const owner = await userWithWorkingKey();
    await revokeApiKey(admin.actor, { keyId: owner.apiKey.id });
    await expect(client(owner.key).models.list()).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
    const audit = await db().auditLog.findFirstOrThrow({ where: { action: "apiKey.revoke" } });
    expect(audit).toMatchObject({ actorId: admin.user.id, targetType: "apiKey", targetId: owner.apiKey.id });
    expect(audit.details).toMatchObject({ ownerId: owner.user.id, byAdmin: true });
  });

  it("lets no one else list or revoke another user's keys", async () => {
    const other = await createUser();
    const owner = await userWithWorkingKey();
    await expect(listUserApiKeys(other.actor, owner.user.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(revokeApiKey(other.actor, { keyId: owner.apiKey.id })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(listUserApiKeys(null, owner.user.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(revokeApiKey(null, { keyId: owner.apiKey.id })).rejects.toMatchObject({
      code: "UNAUTHENTICATED",
    });
    // Still working, nothing logged.
    expect((await client(owner.key).models.list()).data.length).toBeGreaterThan(0);
    expect(await db().auditLog.count({ where: { action: "apiKey.revoke" } })).toBe(0);
  });
});

describe("API access per role", () => {
  it("defaults to every role, and turning USER off answers 403 on a user's next request", async () => {
    const admin = await createUser({ role: "ADMIN" });
    const owner = await userWithWorkingKey();
    const adminKey = await createApiKey(admin.actor, { name: "admin's", scopes: ["chat"] });
    expect(await getAppSettings(admin.actor)).toMatchObject({ apiRoles: ["USER", "ADMIN"] });

    expect(await setApiRoles(admin.actor, { apiRoles: ["ADMIN"] })).toMatchObject({ apiRoles: ["ADMIN"] });
    await expect(client(owner.key).models.list()).rejects.toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect((await client(adminKey.key).models.list()).data.length).toBeGreaterThan(0);
    expect(await getAppSettings(admin.actor)).toMatchObject({ apiRoles: ["ADMIN"] });

    const audit = await db().auditLog.findMany({ where: { action: "settings.apiRoles" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: admin.user.id, targetType: "settings" });
    expect(audit[0]?.details).toEqual({ before: ["USER", "ADMIN"], after: ["ADMIN"] });

    // Back on: the user's key works again at once; the unchanged repeat logs nothing.
    await setApiRoles(admin.actor, { apiRoles: ["ADMIN", "USER", "USER"] });
    await setApiRoles(admin.actor, { apiRoles: ["USER", "ADMIN"] });
    expect((await client(owner.key).models.list()).data.length).toBeGreaterThan(0);
    const details = (
      await db().auditLog.findMany({ where: { action: "settings.apiRoles" }, orderBy: { createdAt: "asc" } })
    ).map((row) => row.details);
    expect(details).toEqual([
      { before: ["USER", "ADMIN"], after: ["ADMIN"] },
      { before: ["ADMIN"], after: ["USER", "ADMIN"] },
    ]);
  });

  it("can turn the API off for every role, and validates its input", async () => {
    const admin = await createUser({ role: "ADMIN" });
    const { key } = await createApiKey(admin.actor, { name: "mine", scopes: ["chat"] });
    await setApiRoles(admin.actor, { apiRoles: [] });
    await expect(client(key).models.list()).rejects.toBeInstanceOf(OpenAI.PermissionDeniedError);
    await expect(setApiRoles(admin.actor, { apiRoles: ["ROOT"] })).rejects.toMatchObject({
      code: "VALIDATION",
    });
    await expect(setApiRoles(admin.actor, {})).rejects.toMatchObject({ code: "VALIDATION" });
  });

  it("applies a role change to the user's keys on their next request", async () => {
    const admin = await createUser({ role: "ADMIN" });
    const owner = await userWithWorkingKey();
    await setApiRoles(admin.actor, { apiRoles: ["USER"] });
    await client(owner.key).models.list(); // cached again, as a USER's
    await setUserRole(admin.actor, { userId: owner.user.id, role: "ADMIN" });
    await expect(client(owner.key).models.list()).rejects.toBeInstanceOf(OpenAI.PermissionDeniedError);
  });

  it("is admin-only", async () => {
    const user = await createUser();
    await expect(getAppSettings(user.actor)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(setApiRoles(user.actor, { apiRoles: [] })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await db().appSettings.count()).toBe(0);
  });
});

describe("disabled and deleted accounts", () => {
  it("a disabled user's key answers 401 on its next request, and works again once enabled", async () => {
    const admin = await createUser({ role: "ADMIN" });
    const owner = await userWithWorkingKey();
    await setUserDisabled(admin.actor, { userId: owner.user.id, disabled: true });
    await expect(client(owner.key).models.list()).rejects.toThrow(/disabled/);
    await setUserDisabled(admin.actor, { userId: owner.user.id, disabled: false });
    expect((await client(owner.key).models.list()).data.length).toBeGreaterThan(0);
  });

  it("a user deleted by an admin: their key answers 401 on its next request", async () => {
    const admin = await createUser({ role: "ADMIN" });
    const owner = await userWithWorkingKey();
    await deleteUser(admin.actor, { userId: owner.user.id, confirmation: owner.user.email });
    await expect(client(owner.key).models.list()).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
  });

  it("an account deleted by its owner: its key answers 401 on its next request", async () => {
    const owner = await userWithWorkingKey();
    await deleteAccount(owner.actor, { confirmation: owner.user.email });
    await expect(client(owner.key).models.list()).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
  });
});
