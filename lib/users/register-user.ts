import "server-only";
import { parseInput } from "../errors/parse-input";
import { env } from "../env";
import { hashPassword } from "../auth/password";
import { admitGuess } from "../rate-limit/guess-throttle";
import { signUpInput } from "./schemas";
import { insertUser } from "./insert-user";

export type RegisteredUser = { id: string; email: string; role: "USER" | "ADMIN" };

const HOUR_MS = 60 * 60_000;

/**
 * Creates a password account. Sign-up is anonymous by nature, so this takes no actor. With the client's
 * address (the sign-up form always gives it) every attempt is counted before the password is hashed,
 * and past SIGNUP_MAX_PER_HOUR further ones are refused: mass account creation, and sweeping a
 * list of emails through "already exists", stay slow. Scripts and tests that seed users pass none.
 */
export async function registerUser(raw: unknown, clientAddress?: string): Promise<RegisteredUser> {
  const { name, email, password } = parseInput(signUpInput, raw, "Please correct the highlighted fields.");
  if (clientAddress !== undefined) {
    await admitGuess(
      [{ key: `signup:ip:${clientAddress}`, max: env().SIGNUP_MAX_PER_HOUR }],
      HOUR_MS,
      "sign-ups from this network",
    );
  }
  const user = await insertUser({ name, email, passwordHash: await hashPassword(password) });
  return { id: user.id, email: user.email, role: user.role };
}
