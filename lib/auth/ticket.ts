import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import { authSecret } from "../env";

// After our own sign-in/sign-up code has checked the password (with throttling and field-level errors),
// it hands Auth.js a short-lived signed ticket instead of the password. Auth.js's Credentials provider
// accepts only such tickets, so its endpoint cannot be used to bypass the throttle.
const TTL_MS = 60_000;

function sign(payload: string): string {
  return createHmac("sha256", `flywheel-signin-ticket:${authSecret()}`).update(payload).digest("base64url");
}

export function createSignInTicket(userId: string, now = Date.now()): string {
  const payload = `${userId}.${now + TTL_MS}`;
  return `${payload}.${sign(payload)}`;
}

export function verifySignInTicket(ticket: unknown, now = Date.now()): string | null {
  if (typeof ticket !== "string" || ticket.length > 200) return null;
  const [userId, expires, signature] = ticket.split(".");
  if (!userId || !expires || !signature) return null;
  const expected = Buffer.from(sign(`${userId}.${expires}`));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  if (Number(expires) < now) return null;
  return userId;
}
