import "server-only";
import { db } from "../db/client";
import { env } from "../env";
import { AppError } from "../errors/app-error";
import { timingSafeDummyVerify, verifyPassword } from "../auth/password";
import { hit, peek, reset } from "../rate-limit/fixed-window";
import { signInInput } from "./schemas";
import { parseInput } from "../errors/parse-input";

const INCORRECT = "Email or password is incorrect.";

function minutes(seconds: number): string {
  const value = Math.max(1, Math.ceil(seconds / 60));
  return `${value} minute${value === 1 ? "" : "s"}`;
}

/**
 * Checks an email and password. Failed attempts are counted per email and per client address; past
 * SIGNIN_MAX_FAILURES in SIGNIN_WINDOW_MINUTES further attempts are refused before the password is
 * even checked, so guessing stays slow whichever of the two an attacker varies.
 */
export async function authenticate(raw: unknown, clientAddress: string): Promise<{ id: string }> {
  const { email, password } = parseInput(signInInput, raw, "Please correct the highlighted fields.");
  const { SIGNIN_MAX_FAILURES: max, SIGNIN_WINDOW_MINUTES: windowMinutes } = env();
  const windowMs = windowMinutes * 60_000;
  const keys = [`signin:email:${email}`, `signin:ip:${clientAddress}`];

  const states = await Promise.all(keys.map((key) => peek(key, windowMs)));
  const blocked = states.filter((s) => s.count >= max);
  if (blocked.length > 0) {
    const wait = Math.max(...blocked.map((s) => s.retryAfterSeconds));
    throw new AppError(
      "RATE_LIMITED",
      `Too many failed sign-in attempts. Try again in ${minutes(wait)}.`,
      undefined,
      wait,
    );
  }

  const user = await db().user.findUnique({
    where: { email },
    select: { id: true, passwordHash: true, disabledAt: true },
  });
  const valid = user?.passwordHash
    ? await verifyPassword(user.passwordHash, password)
    : await timingSafeDummyVerify(password);

  if (!user || !valid) {
    await Promise.all(keys.map((key) => hit(key, windowMs)));
    throw new AppError("UNAUTHENTICATED", INCORRECT, { password: INCORRECT });
  }
  if (user.disabledAt) {
    throw new AppError("UNAUTHENTICATED", "This account has been disabled. Contact your administrator.");
  }
  await reset(keys[0]!);
  return { id: user.id };
}
