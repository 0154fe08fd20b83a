import "server-only";
import { getToken } from "next-auth/jwt";
import { authSecret } from "../env";
import type { Actor } from "./actor";

// Auth.js names the cookie by whether the site is served over HTTPS (possibly behind a proxy).
const SECURE_COOKIE = "__Secure-authjs.session-token";

export type SessionToken = { uid: string; role: string };

/**
 * The request's session token, decrypted, or null. Only decrypts: unlike `auth()` it does not re-issue
 * the cookie with a new expiry (an encryption and a key derivation more per call), which pages do often
 * enough. For the proxy and the hot API routes; the account itself is checked in lib/ on every call.
 */
export async function sessionToken(request: Request): Promise<SessionToken | null> {
  const cookies = request.headers.get("cookie") ?? "";
  const token = await getToken({
    req: request,
    secret: authSecret(),
    secureCookie: cookies.includes(`${SECURE_COOKIE}=`) || cookies.includes(`${SECURE_COOKIE}.0=`),
  });
  if (typeof token?.uid !== "string") return null;
  return { uid: token.uid, role: typeof token.role === "string" ? token.role : "USER" };
}

/** The actor of an API request, from its session token (see sessionToken). */
export async function requestActor(request: Request): Promise<Actor> {
  const token = await sessionToken(request);
  return token ? { userId: token.uid } : null;
}
