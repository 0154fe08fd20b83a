import { randomUUID } from "node:crypto";
import { db } from "@/lib/db/client";
import { hashPassword } from "@/lib/auth/password";
import type { Actor } from "@/lib/auth/actor";

export const PASSWORD = "correct horse battery staple";
let passwordHash: Promise<string> | undefined;

/** Inserts a user directly (bypassing sign-up rules) and returns it with an actor for domain calls. */
export async function createUser(
  overrides: { role?: "USER" | "ADMIN"; disabled?: boolean; name?: string; email?: string } = {},
) {
  passwordHash ??= hashPassword(PASSWORD);
  const user = await db().user.create({
    data: {
      email: overrides.email ?? `user-${randomUUID()}@example.test`,
      name: overrides.name ?? "Test User",
      passwordHash: await passwordHash,
      role: overrides.role ?? "USER",
      disabledAt: overrides.disabled ? new Date() : null,
    },
  });
  const actor: Actor = { userId: user.id };
  return { user, actor };
}
