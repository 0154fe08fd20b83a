import "server-only";
import { parseInput } from "../errors/parse-input";
import { hashPassword } from "../auth/password";
import { signUpInput } from "./schemas";
import { insertUser } from "./insert-user";

export type RegisteredUser = { id: string; email: string; role: "USER" | "ADMIN" };

/** Creates a password account. Sign-up is anonymous by nature, so this takes no actor. */
export async function registerUser(raw: unknown): Promise<RegisteredUser> {
  const { name, email, password } = parseInput(signUpInput, raw, "Please correct the highlighted fields.");
  const user = await insertUser({ name, email, passwordHash: await hashPassword(password) });
  return { id: user.id, email: user.email, role: user.role };
}
