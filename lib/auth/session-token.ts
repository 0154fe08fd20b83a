import "server-only";
import { getToken } from "next-auth/jwt";
import { authSecret } from "../env";
import type { Actor } from "./actor";
import { sessionEpochIsCurrent } from "./session-epoch";

// Auth.js names the cookie by whether the site is served over HTTPS (possibly behind a proxy).
const SECURE_COOKIE = "__Secure-authjs.session-token";

export type SessionToken = { uid: string; role: string; epoch: number };

// Decrypted tokens by cookie header, until the token expires (at most a few minutes). A user's
// requests carry the same cookie, and decrypting it (a key derivation and an AES/HMAC pass) is a
// measurable part of a chat request's CPU. The result for a given cookie is always the same, so this
// changes nothing but the cost; the account itself is re-checked in lib/ on every call anyway.
const CACHE_LIMIT = 1_000;
const CACHE_MS = 5 * 60_000;
const decrypted = new Map<string, { token: SessionToken | null; until: number }>();

function remember(key: string, token: SessionToken | null, exp: unknown): void {
  const expires = typeof exp === "number" ? exp * 1000 : 0;
  const until = Math.min(Date.now() + CACHE_MS, token ? expires : Date.now() + CACHE_MS);
  if (decrypted.size >= CACHE_LIMIT) decrypted.delete(decrypted.keys().next().value!);
  decrypted.set(key, { token, until });
}

/**
 * The request's session token, decrypted, or null. Only decrypts: unlike `auth()` it does not re-issue
 * the cookie with a new expiry (an encryption and a key derivation more per call), which pages do often
 * enough. For the proxy and the hot API routes; the account itself is checked in lib/ on every call.
 */
export async function sessionToken(request: Request): Promise<SessionToken | null> {
  const cookies = request.headers.get("cookie") ?? "";
  const cached = decrypted.get(cookies);
  if (cached && cached.until > Date.now()) return cached.token;
  const raw = await getToken({
    req: request,
    secret: authSecret(),
    secureCookie: cookies.includes(`${SECURE_COOKIE}=`) || cookies.includes(`${SECURE_COOKIE}.0=`),
  });
  const token =
    typeof raw?.uid === "string"
      ? {
          uid: raw.uid,
          role: typeof raw.role === "string" ? raw.role : "USER",
          epoch: typeof raw.epoch === "number" ? raw.epoch : 0,
        }
      : null;
  if (cookies) remember(cookies, token, raw?.exp);
  return token;
}

/**
 * The actor of an API request, from its session token (see sessionToken), or null when the token's
 * session epoch is no longer its account's (checked against the database at most every 30 s).
 */
export async function requestActor(request: Request): Promise<Actor> {
  const token = await sessionToken(request);
  if (!token || !(await sessionEpochIsCurrent(token.uid, token.epoch))) return null;
  return { userId: token.uid, sessionEpoch: token.epoch };
}
