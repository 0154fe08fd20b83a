import "server-only";
import { db } from "../db/client";

// A session token is valid while the epoch it carries equals its user's. Checking costs a primary-key
// read, and the chat route asks on every request, so each instance remembers an account's epoch for at
// most TTL_MS: a bump made on another instance is honoured within that time, one made here at once.
const TTL_MS = 30_000;
const LIMIT = 10_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** null: no such account, or it is disabled. */
type Known = { epoch: number | null; until: number };
// One map per process: Next.js may load this module once per route bundle, and a bump made by a server
// action must be seen at once by the route handlers (/api/auth/session, /api/chat) of the same process.
const KEY = Symbol.for("flywheel.sessionEpochs");
const store = globalThis as typeof globalThis & { [KEY]?: Map<string, Known> };
const known = (store[KEY] ??= new Map<string, Known>());

type Client = Pick<ReturnType<typeof db>, "user">;

async function load(userId: string): Promise<number | null> {
  const row = await db().user.findUnique({
    where: { id: userId },
    select: { sessionEpoch: true, disabledAt: true },
  });
  return row && !row.disabledAt ? row.sessionEpoch : null;
}

/** True when a token for `userId` carrying `epoch` may still be used (cached for at most 30 s). */
export async function sessionEpochIsCurrent(userId: string, epoch: number): Promise<boolean> {
  if (!UUID.test(userId) || !Number.isInteger(epoch)) return false;
  const now = Date.now();
  let entry = known.get(userId);
  // A token newer than what we remember was issued after a bump we have not seen yet: look again.
  if (!entry || entry.until <= now || (entry.epoch !== null && epoch > entry.epoch)) {
    entry = { epoch: await load(userId), until: now + TTL_MS };
    if (known.size >= LIMIT) known.delete(known.keys().next().value!);
    known.set(userId, entry);
  }
  return entry.epoch === epoch;
}

/** The account's current epoch, read from the database, for a token being issued now. */
export async function currentSessionEpoch(userId: string): Promise<number | null> {
  known.delete(userId);
  return load(userId);
}

/**
 * Refuses every session token issued so far for the account. Pass the transaction that makes the
 * change (a password change, disabling) so both commit together, and call forgetSessionEpoch once it
 * has committed: a request in between could have remembered the old epoch again.
 */
export async function bumpSessionEpoch(client: Client, userId: string): Promise<number> {
  const row = await client.user.update({
    where: { id: userId },
    data: { sessionEpoch: { increment: 1 } },
    select: { sessionEpoch: true },
  });
  known.delete(userId);
  return row.sessionEpoch;
}

/** Forgets what this instance remembers about the account (after a change made elsewhere in lib/). */
export function forgetSessionEpoch(userId: string): void {
  known.delete(userId);
}
