import { describe, expect, it } from "vitest";
import { keyRing, needsReseal, open, seal, SecretBoxError } from "@/lib/crypto/secret-box";
import { EnvError } from "@/lib/env-schema";

const OLD = "an-old-encryption-key-of-more-than-32-characters";
const NEW = "a-new-encryption-key-of-more-than-32-characters!";
const AUTH = "the-auth-secret-that-signs-session-tokens-0123456789";
const ring = (settings: { key?: string; previous?: string[]; auth?: string }) =>
  keyRing({
    ENCRYPTION_KEY: settings.key,
    ENCRYPTION_KEY_PREVIOUS: settings.previous ?? [],
    AUTH_SECRET: settings.auth,
  });

describe("secret box", () => {
  const secret = "sk-live-0123456789abcdefSECRET";

  it("seals so that the stored text holds neither the secret nor the key, and opens it again", () => {
    const keys = ring({ key: NEW });
    const sealed = seal(secret, "provider.apiKey", keys);
    expect(sealed).not.toContain(secret);
    expect(sealed).not.toContain(NEW);
    expect(Buffer.from(sealed.split(".")[4]!, "base64url").toString("latin1")).not.toContain("SECRET");
    expect(open(sealed, "provider.apiKey", keys)).toBe(secret);
    // A fresh IV each time: the same secret never seals to the same text.
    expect(seal(secret, "provider.apiKey", keys)).not.toBe(sealed);
  });

  it("refuses a changed byte, another purpose, or another key", () => {
    const keys = ring({ key: NEW });
    const sealed = seal(secret, "provider.apiKey", keys);
    const parts = sealed.split(".");
    const body = Buffer.from(parts[4]!, "base64url");
    body[0] = body[0]! ^ 1;
    const tampered = [...parts.slice(0, 4), body.toString("base64url")].join(".");
    expect(() => open(tampered, "provider.apiKey", keys)).toThrow(SecretBoxError);
    expect(() => open(sealed, "provider.headers", keys)).toThrow(/integrity/);
    expect(() => open(sealed, "provider.apiKey", ring({ key: OLD }))).toThrow(/ENCRYPTION_KEY_PREVIOUS/);
    expect(() => open("not sealed", "provider.apiKey", keys)).toThrow(SecretBoxError);
  });

  it("derives its key from AUTH_SECRET when ENCRYPTION_KEY is unset, never using it as is", () => {
    const keys = ring({ auth: AUTH });
    const sealed = seal(secret, "provider.apiKey", keys);
    expect(open(sealed, "provider.apiKey", keys)).toBe(secret);
    expect(keys.current.bytes.equals(Buffer.from(AUTH).subarray(0, 32))).toBe(false);
    expect(() => ring({})).toThrow(EnvError);
  });

  it("rotates: the previous key still opens, and what it sealed is marked for resealing", () => {
    const before = ring({ key: OLD });
    const sealedBefore = seal(secret, "provider.apiKey", before);
    const during = ring({ key: NEW, previous: [OLD] });
    expect(open(sealedBefore, "provider.apiKey", during)).toBe(secret);
    expect(needsReseal(sealedBefore, during)).toBe(true);
    const resealed = seal(open(sealedBefore, "provider.apiKey", during), "provider.apiKey", during);
    expect(needsReseal(resealed, during)).toBe(false);
    expect(open(resealed, "provider.apiKey", ring({ key: NEW }))).toBe(secret);
  });

  it("keeps opening values sealed under AUTH_SECRET after ENCRYPTION_KEY is first set", () => {
    const sealed = seal(secret, "provider.apiKey", ring({ auth: AUTH }));
    const later = ring({ key: NEW, auth: AUTH });
    expect(open(sealed, "provider.apiKey", later)).toBe(secret);
    expect(needsReseal(sealed, later)).toBe(true);
  });
});
