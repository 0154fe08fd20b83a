import { afterAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db/client";
import { createUser } from "../helpers/factories";
import { resetDatabase } from "../helpers/reset";

// Rotating ENCRYPTION_KEY (docs/models.md): start with the new key in ENCRYPTION_KEY and the old one in
// ENCRYPTION_KEY_PREVIOUS; the start-up job reseals every provider secret with the new key; then the
// old key can go. The settings are read once per module instance, so each "start" loads fresh modules.

const OLD = "old-encryption-key-0123456789abcdef0123";
const NEW = "new-encryption-key-fedcba9876543210fedc";
const KEY = "sk-rotate-me-123456-AbCd";
const saved = { key: process.env.ENCRYPTION_KEY, previous: process.env.ENCRYPTION_KEY_PREVIOUS };

async function start(settings: { key: string; previous?: string }) {
  vi.resetModules();
  process.env.ENCRYPTION_KEY = settings.key;
  if (settings.previous) process.env.ENCRYPTION_KEY_PREVIOUS = settings.previous;
  else delete process.env.ENCRYPTION_KEY_PREVIOUS;
  return {
    box: await import("@/lib/crypto/secret-box"),
    reseal: await import("@/lib/models/admin/reseal-secrets"),
    providers: await import("@/lib/models/admin/providers"),
    version: await import("@/lib/models/registry-version"),
  };
}

const stored = () => db().provider.findFirstOrThrow({ select: { apiKeySealed: true, headersSealed: true } });

afterAll(() => {
  vi.resetModules();
  if (saved.key === undefined) delete process.env.ENCRYPTION_KEY;
  else process.env.ENCRYPTION_KEY = saved.key;
  if (saved.previous === undefined) delete process.env.ENCRYPTION_KEY_PREVIOUS;
  else process.env.ENCRYPTION_KEY_PREVIOUS = saved.previous;
});

describe("ENCRYPTION_KEY rotation", () => {
  it("reseals every provider secret with the new key at start, after which the old key can go", async () => {
    await resetDatabase();
    const { actor: admin } = await createUser({ role: "ADMIN" });

    const before = await start({ key: OLD });
    // No key: a compatible server is saved without a connection test.
    await before.providers.createProvider(admin, {
      type: "openai-compatible",
      name: "Rotating",
      baseUrl: "http://127.0.0.1:9/v1",
      apiKey: "",
    });
    // The sealed values, as a save with a key makes them (the test needs no upstream for this).
    await db().provider.updateMany({
      data: {
        apiKeySealed: before.box.seal(KEY, "provider.apiKey"),
        headersSealed: before.box.seal(JSON.stringify({ "X-Org": "acme" }), "provider.headers"),
      },
    });
    const old = await stored();

    // The new key alone cannot open what the old one sealed: that is why the old one is kept a while.
    const withoutPrevious = await start({ key: NEW });
    expect(() => withoutPrevious.box.open(old.apiKeySealed!, "provider.apiKey")).toThrow(
      withoutPrevious.box.SecretBoxError,
    );

    const rotating = await start({ key: NEW, previous: OLD });
    expect(rotating.box.needsReseal(old.apiKeySealed!)).toBe(true);
    const versionBefore = (await rotating.version.readRegistryState()).version;
    expect(await rotating.reseal.resealProviderSecrets()).toEqual({ resealed: 1, unreadable: 0 });
    const resealed = await stored();
    expect(resealed.apiKeySealed).not.toBe(old.apiKeySealed);
    expect(rotating.box.needsReseal(resealed.apiKeySealed!)).toBe(false);
    expect(rotating.box.needsReseal(resealed.headersSealed!)).toBe(false);
    expect((await rotating.version.readRegistryState()).version).toBe(versionBefore + 1);
    // Idempotent: every instance runs it at start.
    expect(await rotating.reseal.resealProviderSecrets()).toEqual({ resealed: 0, unreadable: 0 });

    const after = await start({ key: NEW });
    expect(after.box.open(resealed.apiKeySealed!, "provider.apiKey")).toBe(KEY);
    expect(JSON.parse(after.box.open(resealed.headersSealed!, "provider.headers"))).toEqual({
      "X-Org": "acme",
    });
  });
});
