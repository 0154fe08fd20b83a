import "server-only";
import { pool } from "../db/client";
import { AppError } from "../errors/app-error";
import { announceInvalidation, listenForInvalidations, onInvalidation } from "../redis/invalidation";
import { hashApiKey, looksLikeApiKey } from "./key-format";
import { API_SCOPES, type ApiScope } from "./scopes";
import { TOUCH_API_KEY, VERIFY_API_KEY, type VerifiedKeyRow } from "./verify-sql";

export { API_SCOPES, type ApiScope } from "./scopes";

/** Who a request to /api/v1 acts for: the key's user, through that key. */
export type ApiCaller = { keyId: string; userId: string; role: "USER" | "ADMIN"; scopes: ApiScope[] };

// A verified key is kept in memory for a few seconds, so a burst of requests costs one lookup. The
// cache is what bounds how late a revocation (or a disabled account, or a role's access turned off)
// takes effect on an instance that did not make the change: under 5 s, as docs/api.md promises. The
// instance that makes a change forgets at once (forgetApiKeys). The statements that write (a chat
// turn, a rating) check the account again in their own SQL, so a disabled account writes nothing.
const CACHE_MS = 4_000;
const CACHE_MAX = 10_000;
const TOUCH_EVERY_MS = 60_000;

// On globalThis, not in module scope: Next.js bundles server actions (which revoke) and route handlers
// (which verify) separately, each with its own copy of this module, and a revocation must clear the
// one cache the process has.
type KeyCaches = {
  cache: Map<string, { row: VerifiedKeyRow | null; at: number }>;
  touchedAt: Map<string, number>;
};
const shared = globalThis as typeof globalThis & { __flywheelApiKeyCaches?: KeyCaches };
const caches: KeyCaches = (shared.__flywheelApiKeyCaches ??= {
  cache: new Map<string, { row: VerifiedKeyRow | null; at: number }>(),
  touchedAt: new Map<string, number>(),
});
const { cache, touchedAt } = caches;

onInvalidation("api-keys", () => cache.clear());

/** Forgets every verified key in this process and, with REDIS_URL, in the other instances too. */
export function forgetApiKeys(): void {
  cache.clear();
  announceInvalidation("api-keys");
}

const unauthenticated = (message: string) => new AppError("UNAUTHENTICATED", message);

async function lookup(hash: string): Promise<VerifiedKeyRow | null> {
  const now = performance.now();
  const hit = cache.get(hash);
  if (hit && now - hit.at < CACHE_MS) return hit.row;
  listenForInvalidations();
  const { rows } = await pool().query<VerifiedKeyRow>({ ...VERIFY_API_KEY, values: [hash] });
  const row = rows[0] ?? null;
  // Unknown keys are not kept: a flood of made-up keys must not push out the real ones.
  if (row) {
    if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!);
    cache.set(hash, { row, at: now });
  } else {
    cache.delete(hash);
  }
  return row;
}

function touch(keyId: string): void {
  const now = performance.now();
  if (now - (touchedAt.get(keyId) ?? -Infinity) < TOUCH_EVERY_MS) return;
  if (touchedAt.size >= CACHE_MAX) touchedAt.clear();
  touchedAt.set(keyId, now);
  void pool()
    .query({ ...TOUCH_API_KEY, values: [keyId] })
    .catch(() => touchedAt.delete(keyId));
}

/**
 * The caller of an /api/v1 request from its `Authorization: Bearer fw-…` header. 401 for a missing,
 * malformed, unknown, revoked or expired key and for a disabled account; 403 when the account's role
 * may not use the API.
 */
export async function verifyApiKey(authorization: string | null): Promise<ApiCaller> {
  if (!authorization) {
    throw unauthenticated("You didn't provide an API key. Send it as 'Authorization: Bearer fw-…'.");
  }
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  const key = match?.[1] ?? "";
  if (!looksLikeApiKey(key)) throw unauthenticated("Incorrect API key provided.");
  const row = await lookup(hashApiKey(key));
  if (!row) throw unauthenticated("Incorrect API key provided.");
  if (row.revoked) throw unauthenticated("This API key has been revoked.");
  if (row.expiresAt && row.expiresAt.getTime() <= Date.now()) {
    throw unauthenticated(`This API key expired on ${row.expiresAt.toISOString()}.`);
  }
  if (row.disabled) throw unauthenticated("The account this API key belongs to is disabled.");
  if (!row.apiAllowed) throw new AppError("FORBIDDEN", "API access is turned off for your account's role.");
  touch(row.keyId);
  return {
    keyId: row.keyId,
    userId: row.userId,
    role: row.role,
    scopes: row.scopes.filter((scope): scope is ApiScope =>
      (API_SCOPES as readonly string[]).includes(scope),
    ),
  };
}

/** 403 unless the key was created with `scope`. */
export function requireScope(caller: ApiCaller, scope: ApiScope): void {
  if (!caller.scopes.includes(scope)) {
    throw new AppError("FORBIDDEN", `This API key does not have the '${scope}' scope.`);
  }
}
