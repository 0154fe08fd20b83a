import "server-only";
import { cache } from "react";
import { headers } from "next/headers";
import { auth } from "./auth";
import type { Actor } from "./actor";

/**
 * The actor of the current request, from its session cookie (null when signed out). Cached per
 * request: a layout and its page both ask, and the token is decrypted once.
 */
export const currentActor = cache(async (): Promise<Actor> => {
  const session = await auth();
  const id = session?.user?.id;
  return id ? { userId: id } : null;
});

/** The client's address for throttling: the first hop a trusted reverse proxy recorded, else unknown. */
export async function clientAddress(): Promise<string> {
  const h = await headers();
  const forwarded = h.get("x-forwarded-for")?.split(",")[0]?.trim();
  return (forwarded || h.get("x-real-ip") || "unknown").slice(0, 64);
}
