import "server-only";
import { db } from "../db/client";
import { AppError } from "../errors/app-error";
import { parseInput } from "../errors/parse-input";

const FORM_MESSAGE = "Please correct the highlighted fields.";
import { requireUser, type Actor } from "../auth/actor";
import { hashPassword, verifyPassword } from "../auth/password";
import {
  changePasswordInput,
  deleteAccountInput,
  setTrainingConsentInput,
  updateCustomInstructionsInput,
  updateProfileInput,
} from "./schemas";

export type UserSettings = {
  name: string;
  email: string;
  role: "USER" | "ADMIN";
  trainingConsent: boolean;
  hasPassword: boolean;
  customInstructions: string;
};

export async function getSettings(actor: Actor): Promise<UserSettings> {
  const user = await requireUser(actor);
  const row = await db().user.findUniqueOrThrow({
    where: { id: user.id },
    select: {
      name: true,
      email: true,
      role: true,
      trainingConsent: true,
      passwordHash: true,
      customInstructions: true,
    },
  });
  const { passwordHash, ...rest } = row;
  return { ...rest, hasPassword: passwordHash !== null };
}

export async function updateProfile(actor: Actor, raw: unknown): Promise<{ name: string }> {
  const user = await requireUser(actor);
  const { name } = parseInput(updateProfileInput, raw, FORM_MESSAGE);
  return db().user.update({ where: { id: user.id }, data: { name }, select: { name: true } });
}

export async function changePassword(actor: Actor, raw: unknown): Promise<void> {
  const user = await requireUser(actor);
  const { currentPassword, newPassword } = parseInput(changePasswordInput, raw, FORM_MESSAGE);
  const row = await db().user.findUniqueOrThrow({ where: { id: user.id }, select: { passwordHash: true } });
  // Accounts created through OAuth have no password yet and may set one.
  if (row.passwordHash && !(await verifyPassword(row.passwordHash, currentPassword))) {
    throw new AppError("VALIDATION", "Current password is incorrect.", {
      currentPassword: "Current password is incorrect.",
    });
  }
  await db().user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(newPassword) } });
}

/** Custom instructions become the system prompt of the user's new conversations. */
export async function updateCustomInstructions(
  actor: Actor,
  raw: unknown,
): Promise<{ customInstructions: string }> {
  const user = await requireUser(actor);
  const { customInstructions } = parseInput(updateCustomInstructionsInput, raw, FORM_MESSAGE);
  return db().user.update({
    where: { id: user.id },
    data: { customInstructions },
    select: { customInstructions: true },
  });
}

export async function setTrainingConsent(actor: Actor, raw: unknown): Promise<{ trainingConsent: boolean }> {
  const user = await requireUser(actor);
  const { consent } = parseInput(setTrainingConsentInput, raw, FORM_MESSAGE);
  return db().user.update({
    where: { id: user.id },
    data: { trainingConsent: consent },
    select: { trainingConsent: true },
  });
}

/**
 * Deletes the account and, through the schema's cascades, every conversation, message, rating and event
 * of it. The user confirms by typing their email. The last admin cannot leave others without an admin.
 */
export async function deleteAccount(actor: Actor, raw: unknown): Promise<void> {
  const user = await requireUser(actor);
  const { confirmation } = parseInput(deleteAccountInput, raw, FORM_MESSAGE);
  if (confirmation.toLowerCase() !== user.email) {
    throw new AppError("VALIDATION", "Type your email to confirm.", {
      confirmation: "Type your email exactly to confirm.",
    });
  }
  await db().$transaction(async (tx) => {
    if (user.role === "ADMIN") {
      const [admins, others] = await Promise.all([
        tx.user.count({ where: { role: "ADMIN", disabledAt: null, id: { not: user.id } } }),
        tx.user.count({ where: { id: { not: user.id } } }),
      ]);
      if (admins === 0 && others > 0) {
        throw new AppError("CONFLICT", "You are the only admin. Make another user an admin first.");
      }
    }
    await tx.user.delete({ where: { id: user.id } });
  });
}
