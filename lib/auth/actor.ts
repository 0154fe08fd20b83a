import "server-only";
import { db } from "../db/client";
import { AppError, notFound } from "../errors/app-error";
import type { Role } from "../db/generated/enums";
import { noteRequestUser } from "../ops/request-context";

/**
 * Who is acting: the signed-in user's id, or null for an anonymous caller. Every domain function takes
 * one. An actor taken from a session token carries the token's session epoch, which requireUser checks.
 */
export type Actor = { userId: string; sessionEpoch?: number } | null;

export type ActiveUser = {
  id: string;
  email: string;
  name: string;
  role: Role;
  trainingConsent: boolean;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The actor's user id, without a database read, for the hot statements that check the account in
 * their own SQL (the chat turn, the rating). Anonymous or malformed: UNAUTHENTICATED.
 */
export function actorUserId(actor: Actor): string {
  if (!actor || !UUID.test(actor.userId)) throw new AppError("UNAUTHENTICATED", "Please sign in.");
  // For this request's log line (never sent to the client).
  noteRequestUser(actor.userId);
  return actor.userId;
}

/**
 * Loads the acting user from the database on every call: a disabled or deleted account loses access on
 * its next request, a token from before the account's last session-epoch bump (password change, sign-out
 * of all devices) at once, and a role change takes effect at once, whatever its session token still says.
 */
export async function requireUser(actor: Actor): Promise<ActiveUser> {
  const user = await db().user.findUnique({
    where: { id: actorUserId(actor) },
    select: {
      id: true,
      email: true,
      name: true,
      role: true,
      trainingConsent: true,
      disabledAt: true,
      sessionEpoch: true,
    },
  });
  const staleToken = actor?.sessionEpoch !== undefined && actor.sessionEpoch !== user?.sessionEpoch;
  if (!user || user.disabledAt || staleToken) throw new AppError("UNAUTHENTICATED", "Please sign in.");
  const { disabledAt: _disabledAt, sessionEpoch: _sessionEpoch, ...active } = user;
  return active;
}

/** Admin work answers "not found" to everyone else, signed in or not, so it does not reveal itself. */
export async function requireAdmin(actor: Actor): Promise<ActiveUser> {
  let user: ActiveUser;
  try {
    user = await requireUser(actor);
  } catch (error) {
    if (error instanceof AppError) throw notFound();
    throw error;
  }
  if (user.role !== "ADMIN") throw notFound();
  return user;
}
