import { afterAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db/client";
import { createUser } from "../helpers/factories";
import { resetDatabase } from "../helpers/reset";

// ENCRYPTION_KEY rotation for fine-tuning accounts, as for providers (provider-reseal.test.ts): the
// start-up job reseals every account key with the new key, after which the old key can go. The
// settings are read once per module instance, so each "start" loads fresh modules.

const OLD = "old-encryption-key-0123456789abcdef0123";
const NEW = "new-encryption-key-fedcba9876543210fedc";
const saved = { key: process.env.ENCRYPTION_KEY, previous: process.env.ENCRYPTION_KEY_PREVIOUS };

async function start(settings: { key: string; previous?: string }) {
  vi.resetModules();
  process.env.ENCRYPTION_KEY = settings.key;
  if (settings.previous) process.env.ENCRYPTION_KEY_PREVIOUS = settings.previous;
  else delete process.env.ENCRYPTION_KEY_PREVIOUS;
  return {
    accounts: await import("@/lib/fine-tuning/accounts"),
    credentials: await import("@/lib/fine-tuning/credentials"),
    reseal: await import("@/lib/fine-tuning/reseal-account-keys"),
  };
}

afterAll(() => {
  vi.resetModules();
  if (saved.key === undefined) delete process.env.ENCRYPTION_KEY;
  else process.env.ENCRYPTION_KEY = saved.key;
  if (saved.previous === undefined) delete process.env.ENCRYPTION_KEY_PREVIOUS;
  else process.env.ENCRYPTION_KEY_PREVIOUS = saved.previous;
});

describe("ENCRYPTION_KEY rotation for fine-tuning accounts", () => {
  it("reseals every account key with the new key at start, after which the old key can go", async () => {
    await resetDatabase();
    const { actor: admin } = await createUser({ role: "ADMIN" });
    const before = await start({ key: OLD });
    const { accountId } = await before.accounts.createFineTuneAccount(admin, {
      kind: "together",
      name: "Rotating",
      baseUrl: "https://api.together.ai/v1",
      apiKey: "tgp-rotate-me-0000",
    });
    const old = await db().fineTuneAccount.findUniqueOrThrow({ where: { id: accountId } });

    // The new key alone cannot open it.
    const newOnly = await start({ key: NEW });
    await expect(newOnly.credentials.jobCredentials({ accountId, providerId: null })).rejects.toThrow();

    const rotating = await start({ key: NEW, previous: OLD });
    expect(await rotating.reseal.resealAccountKeys()).toEqual({ resealed: 1, unreadable: 0 });
    expect(await rotating.reseal.resealAccountKeys()).toEqual({ resealed: 0, unreadable: 0 });
    const after = await db().fineTuneAccount.findUniqueOrThrow({ where: { id: accountId } });
    expect(after.apiKeySealed).not.toBe(old.apiKeySealed);

    const done = await start({ key: NEW });
    expect(await done.credentials.jobCredentials({ accountId, providerId: null })).toMatchObject({
      apiKey: "tgp-rotate-me-0000",
    });
  });
});
