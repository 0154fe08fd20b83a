import "server-only";
import { db } from "../db/client";
import { env } from "../env";
import { AppError } from "../errors/app-error";
import { lockFirstUserSql } from "./users-sql";

export type NewUser = {
  name: string;
  email: string;
  passwordHash: string | null;
  emailVerified?: Date | null;
  image?: string | null;
};

const selected = { id: true, email: true, name: true, role: true, emailVerified: true, image: true } as const;

/**
 * The one place accounts are created (password sign-up and OAuth alike): the first account, and any
 * listed in ADMIN_EMAILS, becomes an admin; training consent starts at TRAINING_CONSENT_DEFAULT.
 */
export async function insertUser(user: NewUser) {
  const settings = env();
  const email = user.email.toLowerCase();
  return db().$transaction(async (tx) => {
    await tx.$executeRaw(lockFirstUserSql());
    const existing = await tx.user.findUnique({ where: { email }, select: { id: true } });
    if (existing) {
      throw new AppError("CONFLICT", "An account with this email already exists.", {
        email: "An account with this email already exists. Sign in instead.",
      });
    }
    const isFirst = (await tx.user.count()) === 0;
    return tx.user.create({
      data: {
        name: user.name,
        email,
        passwordHash: user.passwordHash,
        emailVerified: user.emailVerified ?? null,
        image: user.image ?? null,
        role: isFirst || settings.ADMIN_EMAILS.includes(email) ? "ADMIN" : "USER",
        trainingConsent: settings.TRAINING_CONSENT_DEFAULT,
      },
      select: selected,
    });
  });
}
