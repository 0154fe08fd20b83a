import "server-only";
import { cache } from "react";
import { notFound, redirect } from "next/navigation";
import { AppError } from "../errors/app-error";
import { requireAdmin, requireUser, type ActiveUser } from "./actor";
import { currentActor } from "./session";

/**
 * For pages and layouts: the active user, or a redirect to sign-in (the proxy adds the way back).
 * Cached per request, so a layout and its page check the database once, not twice.
 */
export const requirePageUser = cache(async (): Promise<ActiveUser> => {
  try {
    return await requireUser(await currentActor());
  } catch (error) {
    if (error instanceof AppError) redirect("/sign-in");
    throw error;
  }
});

/** For admin pages: the active admin, or a 404 for anyone else. */
export async function requirePageAdmin(): Promise<ActiveUser> {
  try {
    return await requireAdmin(await currentActor());
  } catch (error) {
    if (error instanceof AppError) notFound();
    throw error;
  }
}

/** True when the request comes from an active (not disabled) signed-in user. */
export async function isSignedIn(): Promise<boolean> {
  try {
    await requireUser(await currentActor());
    return true;
  } catch (error) {
    if (error instanceof AppError) return false;
    throw error;
  }
}
