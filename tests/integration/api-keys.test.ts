import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import OpenAI from "openai";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { createApiKey, listMyApiKeys, listUserApiKeys, revokeApiKey } from "@/lib/api-keys/api-keys";
import { forgetApiKeys } from "@/lib/api-keys/verify";
import { hashApiKey } from "@/lib/api-keys/key-format";
import { apiOptions } from "@/lib/api/api-route";
import { getModelRoute, listModelsRoute } from "@/lib/api/model-routes";
import { createUser } from "../helpers/factories";
import { resetDatabase } from "../helpers/reset";
import { startRouteServer } from "../helpers/route-server";

let server: Awaited<ReturnType<typeof startRouteServer>>;

beforeAll(async () => {
  server = await startRouteServer([
    { path: "/api/v1/models", methods: { GET: listModelsRoute, OPTIONS: apiOptions } },
    { path: "/api/v1/models/:id", methods: { GET: getModelRoute } },
  ]);
});
afterAll(() => server.close());
beforeEach(async () => {
  await resetDatabase();
  forgetApiKeys();
});

// The official SDK, pointed at the app as docs/api.md says; no retries, so each error surfaces as is.
const client = (apiKey: string) => new OpenAI({ apiKey, baseURL: `${server.url}/api/v1`, maxRetries: 0 });

async function keyFor(actor: { userId: string }, scopes = ["chat", "feedback"], expiresAt?: string) {
  return createApiKey(actor, { name: "CI job", scopes, expiresAt });
}

describe("API keys", () => {
  it("shows the key once, recognisable by its prefix, and stores only its hash", async () => {
    const { actor } = await createUser();
    const { key, apiKey } = await keyFor(actor);
    expect(key).toMatch(/^fw-[A-Za-z0-9_-]{43}$/);
    expect(apiKey.prefix).toBe(key.slice(0, 11));
    const stored = await db().apiKey.findUniqueOrThrow({ where: { id: apiKey.id } });
    expect(stored.hash).toBe(hashApiKey(key));
    expect(JSON.stringify(stored)).not.toContain(key.slice(3));
    const listed = await listMyApiKeys(actor);
    expect(listed).toHaveLength(1);
    expect(JSON.stringify(listed)).not.toContain(key.slice(3));
    expect(listed[0]).toMatchObject({ name: "CI job", scopes: ["chat", "feedback"], revokedAt: null });
    const audit = await db().auditLog.findMany({ where: { action: "apiKey.create" } });
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain(key.slice(3));
  });

  it("refuses a key without a name or scope, or one that expires in the past", async () => {
    const { actor } = await createUser();
    await expect(createApiKey(actor, { name: " ", scopes: ["chat"] })).rejects.toThrow(
      "Give the key a name.",
    );
    await expect(createApiKey(actor, { name: "x", scopes: [] })).rejects.toThrow(
      "Choose at least one scope.",
    );
    await expect(createApiKey(actor, { name: "x", scopes: ["admin"] })).rejects.toBeInstanceOf(AppError);
    await expect(
      createApiKey(actor, { name: "x", scopes: ["chat"], expiresAt: "2020-01-01T00:00:00Z" }),
    ).rejects.toThrow("The expiry must be in the future.");
    await expect(createApiKey(null, { name: "x", scopes: ["chat"] })).rejects.toMatchObject({
      code: "UNAUTHENTICATED",
    });
  });

  it("lets the owner and admins revoke a key, and nobody else find it", async () => {
    const owner = await createUser();
    const other = await createUser();
    const admin = await createUser({ role: "ADMIN" });
    const first = await keyFor(owner.actor);
    const second = await keyFor(owner.actor);
    await expect(revokeApiKey(other.actor, { keyId: first.apiKey.id })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(listUserApiKeys(other.actor, owner.user.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await revokeApiKey(owner.actor, { keyId: first.apiKey.id })).revokedAt).not.toBeNull();
    expect((await listUserApiKeys(admin.actor, owner.user.id)).map((k) => k.id)).toHaveLength(2);
    expect((await revokeApiKey(admin.actor, { keyId: second.apiKey.id })).revokedAt).not.toBeNull();
    const audit = await db().auditLog.findMany({
      where: { action: "apiKey.revoke" },
      orderBy: { createdAt: "asc" },
    });
    expect(audit.map((row) => [row.actorId, (row.details as { byAdmin: boolean }).byAdmin])).toEqual([
      [owner.user.id, false],
      [admin.user.id, true],
    ]);
  });
});

describe("GET /api/v1/models with the official SDK", () => {
  it("lists the models the key's user may use, and one by id", async () => {
    const { actor } = await createUser();
    const { key } = await keyFor(actor);
    const page = await client(key).models.list();
    expect(page.data.map((m) => m.id)).toContain("offline-demo");
    expect(page.data.find((m) => m.id === "offline-demo")).toEqual({
      id: "offline-demo",
      object: "model",
      created: 0,
      owned_by: "Built-in",
    });
    expect((await client(key).models.retrieve("offline-demo")).id).toBe("offline-demo");
    await expect(client(key).models.retrieve("no-such-model")).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    const used = await db().apiKey.findFirstOrThrow({ select: { lastUsedAt: true } });
    expect(used.lastUsedAt).not.toBeNull();
  });

  it("answers 401 for a missing, unknown, revoked or expired key and a disabled account", async () => {
    const { actor, user } = await createUser();
    // The SDK refuses to send no key at all; a plain request shows the error's shape.
    const missing = await fetch(`${server.url}/api/v1/models`);
    expect(missing.status).toBe(401);
    expect(await missing.json()).toEqual({
      error: {
        message: "You didn't provide an API key. Send it as 'Authorization: Bearer fw-…'.",
        type: "invalid_request_error",
        param: null,
        code: "invalid_api_key",
      },
    });
    await expect(client("fw-" + "a".repeat(43)).models.list()).rejects.toBeInstanceOf(
      OpenAI.AuthenticationError,
    );

    const revoked = await keyFor(actor);
    await client(revoked.key).models.list(); // cached as valid…
    await revokeApiKey(actor, { keyId: revoked.apiKey.id });
    // …and refused on the next request: the instance that revokes forgets at once.
    const error = await client(revoked.key)
      .models.list()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
    expect((error as InstanceType<typeof OpenAI.AuthenticationError>).error).toEqual({
      message: "This API key has been revoked.",
      type: "invalid_request_error",
      param: null,
      code: "invalid_api_key",
    });

    const expiring = await keyFor(actor, ["chat"], new Date(Date.now() + 60_000).toISOString());
    await db().apiKey.update({
      where: { id: expiring.apiKey.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    forgetApiKeys();
    await expect(client(expiring.key).models.list()).rejects.toThrow(/expired/);

    const live = await keyFor(actor);
    await db().user.update({ where: { id: user.id }, data: { disabledAt: new Date() } });
    forgetApiKeys();
    await expect(client(live.key).models.list()).rejects.toThrow(/disabled/);
  });

  it("honours a revocation made on another instance within 5 s", async () => {
    const { actor } = await createUser();
    const { key, apiKey } = await keyFor(actor);
    await client(key).models.list(); // cached as valid here
    // Another instance revokes: the row changes, this instance's cache is not told.
    await db().apiKey.update({ where: { id: apiKey.id }, data: { revokedAt: new Date() } });
    const revokedAt = Date.now();
    for (;;) {
      const refused = await client(key)
        .models.list()
        .then(
          () => false,
          (e: unknown) => e instanceof OpenAI.AuthenticationError,
        );
      if (refused) break;
      expect(Date.now() - revokedAt).toBeLessThan(5_000);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(Date.now() - revokedAt).toBeLessThan(5_000);
  });

  it("answers 403 for a key without the scope and for a role whose API access is off", async () => {
    const { actor } = await createUser();
    const feedbackOnly = await keyFor(actor, ["feedback"]);
    await expect(client(feedbackOnly.key).models.list()).rejects.toBeInstanceOf(OpenAI.PermissionDeniedError);

    const chat = await keyFor(actor, ["chat"]);
    await db().appSettings.create({ data: { apiRoles: ["ADMIN"] } });
    forgetApiKeys();
    await expect(client(chat.key).models.list()).rejects.toBeInstanceOf(OpenAI.PermissionDeniedError);
  });

  it("sends no CORS headers to an origin that is not listed", async () => {
    const response = await fetch(`${server.url}/api/v1/models`, {
      method: "OPTIONS",
      headers: { origin: "https://evil.example", "access-control-request-method": "GET" },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
  });
});
