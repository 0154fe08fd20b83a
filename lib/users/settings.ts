import "server-only";
import { db } from "../db/client";
import { env } from "../env";
import { AppError } from "../errors/app-error";
import { parseInput } from "../errors/parse-input";
import { requireUser, type Actor } from "../auth/actor";
import { hashPassword, verifyPassword } from "../auth/password";
import { bumpSessionEpoch, forgetSessionEpoch } from "../auth/session-epoch";
import { assertAnotherActiveAdmin } from "../admin/users";
import { forgetApiKeys } from "../api-keys/verify";
import { flagDatasetsOfUserSql } from "../datasets/flags-sql";
import { admitGuess } from "../rate-limit/guess-throttle";
import {
  changePasswordInput,
  deleteAccountInput,
  setTrainingConsentInput,
  updateCustomInstructionsInput,
  updateProfileInput,
} from "./schemas";

const FORM_MESSAGE = "Please correct the highlighted fields.";

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

/**
 * Sets a new password after checking the current one. Guesses of the current password are throttled
 * per account like sign-in (a stolen session must not become unlimited guessing). Every session token
 * issued so far is refused afterwards (the session epoch): the action signs this device in again.
 */
export async function changePassword(actor: Actor, raw: unknown): Promise<void> {
  const user = await requireUser(actor);
  const { currentPassword, newPassword } = parseInput(changePasswordInput, raw, FORM_MESSAGE);
  const row = await db().user.findUniqueOrThrow({ where: { id: user.id }, select: { passwordHash: true } });
  // Accounts created through OAuth have no password yet and may set one.
  if (row.passwordHash) {
    const { SIGNIN_MAX_FAILURES, SIGNIN_WINDOW_MINUTES } = env();
    const guess = await admitGuess(
      [{ key: `password:user:${user.id}`, max: SIGNIN_MAX_FAILURES }],
      SIGNIN_WINDOW_MINUTES * 60_000,
      "wrong current passwords",
    );
    if (!(await verifyPassword(row.passwordHash, currentPassword))) {
      await guess.failed();
      throw new AppError("VALIDATION", "Current password is incorrect.", {
        currentPassword: "Current password is incorrect.",
      });
    }
    await guess.succeeded();
  }
  const passwordHash = await hashPassword(newPassword);
  await db().$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { passwordHash } });
    await bumpSessionEpoch(tx, user.id);
  });
  forgetSessionEpoch(user.id);
}

/** "Sign out of all devices": refuses every session token of the account issued so far, this one too. */
export async function signOutEverywhere(actor: Actor): Promise<void> {
  const user = await requireUser(actor);
  await bumpSessionEpoch(db(), user.id);
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
  return db().$transaction(async (tx) => {
    // Saved datasets holding their conversations are flagged for good: consent given again later
    // does not make a snapshot taken before the withdrawal usable again.
    if (!consent) await tx.$executeRaw(flagDatasetsOfUserSql(user.id, "consent_withdrawn"));
    return tx.user.update({
      where: { id: user.id },
      data: { trainingConsent: consent },
      select: { trainingConsent: true },
    });
  });
}

/**
 * Deletes the account and, through the schema's cascades, every conversation, message, rating and event
 * of it. The user confirms by typing their email. The last admin cannot leave others without an admin:
 * the same locked check as the admin console's (assertAnotherActiveAdmin), in the deleting transaction,
 * so two admins deleting themselves at once cannot both go.
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
    const row = await tx.user.findUnique({ where: { id: user.id }, select: { role: true } });
    if (!row) throw new AppError("UNAUTHENTICATED", "Please sign in.");
    // The very last account may go: the next sign-up becomes the first admin again.
    if (row.role === "ADMIN" && (await tx.user.count({ where: { id: { not: user.id } } })) > 0) {
      try {
        await assertAnotherActiveAdmin(tx, user.id);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        throw new AppError("CONFLICT", "You are the only admin. Make another user an admin first.");
      }
    }
    await tx.$executeRaw(flagDatasetsOfUserSql(user.id, "user_deleted"));
    await tx.user.delete({ where: { id: user.id } });
  });
  forgetSessionEpoch(user.id);
  // The keys went with the account (cascade); a key verified here a moment ago must not outlive it.
  forgetApiKeys();
}
