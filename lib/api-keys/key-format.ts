import { createHash, randomBytes } from "node:crypto";

// An API key is "fw-" and 43 base64url characters (32 random bytes). The fixed prefix lets secret
// scanners recognise a leaked key; the entropy makes a plain SHA-256 a safe thing to store and look up
// (a slow password hash protects guessable secrets, and nobody guesses 256 random bits).

export const API_KEY_PREFIX = "fw-";
/** How much of a key lists show: the prefix and 8 more characters. */
export const SHOWN_LENGTH = API_KEY_PREFIX.length + 8;
const KEY_PATTERN = /^fw-[A-Za-z0-9_-]{43}$/;

export type NewApiKey = { key: string; prefix: string; hash: string };

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

export function newApiKey(): NewApiKey {
  const key = `${API_KEY_PREFIX}${randomBytes(32).toString("base64url")}`;
  return { key, prefix: key.slice(0, SHOWN_LENGTH), hash: hashApiKey(key) };
}

/** Whether a string has a key's shape: anything else is refused without a database read. */
export function looksLikeApiKey(value: string): boolean {
  return KEY_PATTERN.test(value);
}
