import "server-only";
import { AppError } from "../errors/app-error";
import { countAttempt, refundAttempt } from "./attempts";

// The throttle of password guesses (sign-in, "Change password"). It never refuses the right password
// because of other people's failures: limits apply per client address and per account-and-address
// pair, so guessing from elsewhere does not lock the owner out. Each attempt is counted before the
// password is checked (lib/rate-limit/attempts.ts); repeated failures of one pair are answered more
// slowly; a per-account count across all addresses only raises an alert.

export type GuessLimit = {
  key: string;
  /** Attempts allowed in the window; null: counted (for the alert), never refused. */
  max: number | null;
};

export type Guess = {
  /** The count under each key, this attempt included. */
  counts: Map<string, number>;
  /** The password was right: give the slots back and forget the pair's failures. */
  succeeded(): Promise<void>;
  /** The password was wrong: wait a little longer the more the pair has failed. */
  failed(): Promise<void>;
};

/** Delay before answering a failed guess, by the pair's attempts in the window (this one included). */
export function failureDelayMs(pairAttempts: number): number {
  if (pairAttempts <= 4) return 0;
  return Math.min(250 * 2 ** (pairAttempts - 5), 1000);
}

function minutes(seconds: number): string {
  const value = Math.max(1, Math.ceil(seconds / 60));
  return `${value} minute${value === 1 ? "" : "s"}`;
}

/**
 * Counts one guess under `limits` (the first is the pair whose failures slow it down and that a
 * success clears) and throws RATE_LIMITED, before anything is checked, when any limit is exceeded.
 */
export async function admitGuess(limits: GuessLimit[], windowMs: number, what: string): Promise<Guess> {
  const keys = limits.map((limit) => limit.key);
  const states = await countAttempt(keys, windowMs);
  const over = limits.flatMap((limit) => {
    const state = states.get(limit.key);
    return limit.max !== null && state && state.count > limit.max ? [state] : [];
  });
  if (over.length > 0) {
    const wait = Math.max(...over.map((state) => state.retryAfterSeconds));
    throw new AppError("RATE_LIMITED", `Too many ${what}. Try again in ${minutes(wait)}.`, undefined, wait);
  }
  const counts = new Map([...states].map(([key, state]) => [key, state.count]));
  const pair = keys[0]!;
  return {
    counts,
    succeeded: () => refundAttempt(keys, [pair]),
    failed: async () => {
      const delay = failureDelayMs(counts.get(pair) ?? 0);
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    },
  };
}
