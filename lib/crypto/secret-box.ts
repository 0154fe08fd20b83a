import "server-only";
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from "node:crypto";
import { env } from "../env";
import { EnvError, type Env } from "../env-schema";

// Secrets Flywheel must send on (provider API keys, their extra headers) are stored sealed with
// AES-256-GCM, which also authenticates them: a changed byte, a wrong key or a sealed value moved to
// another purpose fails to open instead of yielding garbage.
//
// Sealed text: "fw1.<key id>.<iv>.<tag>.<ciphertext>" (base64url parts). The key id (8 hex digits of
// SHA-256 over the key) says which key sealed it, so that during a rotation values sealed with
// ENCRYPTION_KEY_PREVIOUS still open, and `needsReseal` finds the ones to seal again.

const VERSION = "fw1";
const IV_BYTES = 12;

type Key = { id: string; bytes: Buffer };

// HKDF, so that neither ENCRYPTION_KEY nor AUTH_SECRET (which also signs session tokens) is used as a
// cipher key directly, and any string of 32+ characters gives a uniformly random 256-bit key.
function deriveKey(secret: string, origin: "ENCRYPTION_KEY" | "AUTH_SECRET"): Key {
  const info = origin === "AUTH_SECRET" ? "flywheel secret-box from auth-secret" : "flywheel secret-box";
  const bytes = Buffer.from(hkdfSync("sha256", secret, "flywheel", info, 32));
  const id = createHash("sha256").update(bytes).digest("hex").slice(0, 8);
  return { id, bytes };
}

type KeySettings = Pick<Env, "ENCRYPTION_KEY" | "ENCRYPTION_KEY_PREVIOUS" | "AUTH_SECRET">;
type KeyRing = { current: Key; all: Map<string, Key> };

/** The key that seals, and every key that may open (keyed by id). */
export function keyRing(settings: KeySettings): KeyRing {
  let current: Key;
  if (settings.ENCRYPTION_KEY) current = deriveKey(settings.ENCRYPTION_KEY, "ENCRYPTION_KEY");
  else if (settings.AUTH_SECRET) current = deriveKey(settings.AUTH_SECRET, "AUTH_SECRET");
  else throw new EnvError("ENCRYPTION_KEY (or AUTH_SECRET) must be set to store provider API keys.");
  const all = new Map<string, Key>([[current.id, current]]);
  for (const previous of settings.ENCRYPTION_KEY_PREVIOUS) {
    const key = deriveKey(previous, "ENCRYPTION_KEY");
    all.set(key.id, key);
  }
  // The key derived from AUTH_SECRET keeps opening what it sealed: setting ENCRYPTION_KEY for the
  // first time is itself a rotation.
  if (settings.ENCRYPTION_KEY && settings.AUTH_SECRET) {
    const fromAuth = deriveKey(settings.AUTH_SECRET, "AUTH_SECRET");
    if (!all.has(fromAuth.id)) all.set(fromAuth.id, fromAuth);
  }
  return { current, all };
}

let cachedRing: KeyRing | undefined;
const keys = (): KeyRing => (cachedRing ??= keyRing(env()));

/**
 * Seals `plaintext` for storage. `purpose` (for example "provider.apiKey") is authenticated with it,
 * so a sealed value cannot be opened as something else.
 */
export function seal(plaintext: string, purpose: string, ring: KeyRing = keys()): string {
  const { current } = ring;
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", current.bytes, iv);
  cipher.setAAD(Buffer.from(purpose, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [
    VERSION,
    current.id,
    iv.toString("base64url"),
    tag.toString("base64url"),
    ciphertext.toString("base64url"),
  ].join(".");
}

export class SecretBoxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SecretBoxError";
  }
}

/** Opens a value made by `seal` with the same purpose; throws SecretBoxError when it cannot. */
export function open(sealed: string, purpose: string, ring: KeyRing = keys()): string {
  const [version, keyId, iv, tag, ciphertext, ...rest] = sealed.split(".");
  if (version !== VERSION || !keyId || !iv || !tag || ciphertext === undefined || rest.length > 0) {
    throw new SecretBoxError("The stored secret is not in a format this version of Flywheel reads.");
  }
  const key = ring.all.get(keyId);
  if (!key) {
    throw new SecretBoxError(
      "The stored secret was sealed with a key Flywheel no longer has: add the old key to ENCRYPTION_KEY_PREVIOUS, or enter the secret again.",
    );
  }
  try {
    const decipher = createDecipheriv("aes-256-gcm", key.bytes, Buffer.from(iv, "base64url"));
    decipher.setAAD(Buffer.from(purpose, "utf8"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString(
      "utf8",
    );
  } catch {
    throw new SecretBoxError(
      "The stored secret failed its integrity check: it was changed or sealed for another use.",
    );
  }
}

/** True when `sealed` was made with a key other than the current one (a rotation is under way). */
export function needsReseal(sealed: string, ring: KeyRing = keys()): boolean {
  return sealed.split(".")[1] !== ring.current.id;
}
