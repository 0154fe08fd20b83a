import { randomUUID } from "node:crypto";
import { db } from "@/lib/db/client";
import { hashPassword } from "@/lib/auth/password";
import type { Actor } from "@/lib/auth/actor";

export const PASSWORD = "correct horse battery staple";
let passwordHash: Promise<string> | undefined;

/** Inserts a user directly (bypassing sign-up rules) and returns it with an actor for domain calls. */
export async function createUser(
  overrides: {
    role?: "USER" | "ADMIN";
    disabled?: boolean;
    name?: string;
    email?: string;
    /** A fixed id, for output that depends on it (the export's pseudonymous user keys). */
    id?: string;
    trainingConsent?: boolean;
  } = {},
) {
  passwordHash ??= hashPassword(PASSWORD);
  const user = await db().user.create({
    data: {
      id: overrides.id,
      trainingConsent: overrides.trainingConsent,
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

/**
 * A conversation holding one question and `answers` sibling answers to it (regenerations), as the chat
 * would store them: model, provider and parameters on every answer.
 */
export async function createExchange(
  userId: string,
  options: {
    answers?: number;
    status?: "complete" | "streaming";
    temporary?: boolean;
    text?: string;
    /** Where the conversation came from (an API call, a playground run); the chat by default. */
    source?: "chat" | "api" | "playground";
  } = {},
) {
  const conversation = await db().conversation.create({
    data: {
      userId,
      title: "Exchange",
      temporary: options.temporary ?? false,
      source: options.source ?? "chat",
    },
  });
  const question = await db().message.create({
    data: { conversationId: conversation.id, role: "user", text: options.text ?? "What is a flywheel?" },
  });
  const answers = [];
  for (let i = 0; i < (options.answers ?? 1); i++) {
    answers.push(
      await db().message.create({
        data: {
          conversationId: conversation.id,
          parentId: question.id,
          role: "assistant",
          text: `Answer ${i + 1}: a wheel that stores energy.`,
          modelId: "fake-model",
          provider: "openai-compatible",
          params: { seed: i },
          status: options.status ?? "complete",
        },
      }),
    );
  }
  return { conversation, question, answers };
}
