import "server-only";
import { AppError } from "../errors/app-error";
import { fieldErrorsOf } from "../errors/action-result";
import { hashPassword } from "../auth/password";
import { signUpInput } from "./schemas";
import { insertUser } from "./insert-user";

export type RegisteredUser = { id: string; email: string; role: "USER" | "ADMIN" };

/** Creates a password account. Sign-up is anonymous by nature, so this takes no actor. */
export async function registerUser(raw: unknown): Promise<RegisteredUser> {
  const parsed = signUpInput.safeParse(raw);
  if (!parsed.success) {
    throw new AppError("VALIDATION", "Please correct the highlighted fields.", fieldErrorsOf(parsed.error));
  }
  const { name, email, password } = parsed.data;
  const user = await insertUser({ name, email, passwordHash: await hashPassword(password) });
  return { id: user.id, email: user.email, role: user.role };
}
