// Pseudonymous user ids for exports: a keyed hash, so lines of the same user can be grouped without
// revealing who it is, and nobody without the key can test a guessed id or email against it.
import { createHmac } from "node:crypto";

const KEY_CONTEXT = "flywheel/export/user-pseudonym/v1";

/**
 * The pseudonymisation key derived from a server secret (the lead passes AUTH_SECRET): a separate
 * key, so the hash reveals nothing about the secret and a new version of the scheme can use a new one.
 */
export function pseudonymKey(secret: string): Buffer {
  if (secret.length === 0) throw new Error("A secret is needed to derive the pseudonym key.");
  return createHmac("sha256", secret).update(KEY_CONTEXT).digest();
}

/** HMAC-SHA256(key, userId), first 128 bits, lowercase hex (32 characters). Stable for a given key. */
export function pseudonymousUserId(userId: string, key: Buffer | string): string {
  return createHmac("sha256", key).update(userId, "utf8").digest("hex").slice(0, 32);
}
