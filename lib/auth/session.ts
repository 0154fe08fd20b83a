import "server-only";
import { cache } from "react";
import { headers } from "next/headers";
import { env } from "../env";
import { auth } from "./auth";
import type { Actor } from "./actor";
import { clientAddressFrom } from "./client-address";

/**
 * The actor of the current request, from its session cookie (null when signed out, or when the token's
 * session epoch is no longer the account's: Auth.js's jwt callback checks it, remembering epochs for up
 * to 30 s). The actor carries the token's epoch, which requireUser compares on its database read.
 * Cached per request: a layout and its page both ask, and the token is decrypted once.
 */
export const currentActor = cache(async (): Promise<Actor> => {
  const session = await auth();
  const id = session?.user?.id;
  return id ? { userId: id, sessionEpoch: session.user.epoch ?? 0 } : null;
});

/**
 * The client's address for throttling: the right-most hop of X-Forwarded-For that is not one of
 * TRUSTED_PROXIES. The server start-up hook (scripts/lib/forwarded-for-hook.mjs) appends the socket's
 * address to that header, so the right-most hop is always the real peer and a client cannot forge it.
 */
export async function clientAddress(): Promise<string> {
  const h = await headers();
  return clientAddressFrom(h.get("x-forwarded-for"), env().TRUSTED_PROXIES);
}
