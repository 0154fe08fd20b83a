import "server-only";
import { db } from "../db/client";
import { env } from "../env";
import { AppError } from "../errors/app-error";
import { timingSafeDummyVerify, verifyPassword } from "../auth/password";
import { admitGuess } from "../rate-limit/guess-throttle";
import { recordAudit } from "../audit/record-audit";
import { signInInput } from "./schemas";
import { parseInput } from "../errors/parse-input";

const INCORRECT = "Email or password is incorrect.";

/** Sign-in limits, all per SIGNIN_WINDOW_MINUTES, derived from SIGNIN_MAX_FAILURES (max). */
export function signInLimits(max: number) {
  return {
    /** Guesses at one account from one address. */
    pair: max,
    /** Guesses from one address, whatever the accounts (a shared office address signs many people in). */
    address: max * 3,
    /** Guesses at one account from everywhere: an audit-log alert, never a lock-out of the owner. */
    accountAlert: max * 10,
  };
}

/**
 * Checks an email and password. Every attempt is counted, before the password is checked, per
 * account-and-address pair and per address (lib/rate-limit/guess-throttle.ts); past the limits further
 * attempts are refused without a check. Failures elsewhere never refuse the owner's right password:
 * the per-account count across addresses only writes an alert to the audit log.
 */
export async function authenticate(raw: unknown, clientAddress: string): Promise<{ id: string }> {
  const { email, password } = parseInput(signInInput, raw, "Please correct the highlighted fields.");
  const { SIGNIN_MAX_FAILURES, SIGNIN_WINDOW_MINUTES } = env();
  const limits = signInLimits(SIGNIN_MAX_FAILURES);
  const accountKey = `signin:account:${email}`;
  const guess = await admitGuess(
    [
      { key: `signin:pair:${email}|${clientAddress}`, max: limits.pair },
      { key: `signin:ip:${clientAddress}`, max: limits.address },
      { key: accountKey, max: null },
    ],
    SIGNIN_WINDOW_MINUTES * 60_000,
    "failed sign-in attempts",
  );

  const user = await db().user.findUnique({
    where: { email },
    select: {
      id: true,
      email: true,
      name: true,
      role: true,
      trainingConsent: true,
      passwordHash: true,
      disabledAt: true,
    },
  });
  const valid = user?.passwordHash
    ? await verifyPassword(user.passwordHash, password)
    : await timingSafeDummyVerify(password);

  if (!user || !valid) {
    // Exactly one attempt sees the count reach the ceiling: one alert per window, however many follow.
    if (user && guess.counts.get(accountKey) === limits.accountAlert) {
      const { passwordHash: _hash, disabledAt: _disabled, ...account } = user;
      await recordAudit(db(), account, {
        action: "user.signin-alert",
        targetType: "user",
        targetId: user.id,
        details: { failedAttempts: limits.accountAlert, windowMinutes: SIGNIN_WINDOW_MINUTES },
      });
    }
    await guess.failed();
    throw new AppError("UNAUTHENTICATED", INCORRECT, { password: INCORRECT });
  }
  await guess.succeeded();
  if (user.disabledAt) {
    throw new AppError("UNAUTHENTICATED", "This account has been disabled. Contact your administrator.");
  }
  return { id: user.id };
}
