import "server-only";
import type { LanguageModel } from "ai";
import { db } from "../db/client";
import { env } from "../env";
import { AppError, notFound } from "../errors/app-error";
import { requireUser, type Actor } from "../auth/actor";
import { hit } from "../rate-limit/fixed-window";
import { resolveModel, type ModelInfo } from "../ai/models";
import { trimToContextWindow } from "../ai/context";
import { titleFromMessage } from "../ai/title";
import { buildTree, pathTo } from "./tree";
import { parseInput } from "../errors/parse-input";
import { chatRequestInput } from "./schemas";
import { ownConversation } from "./conversations";

export type PreparedTurn = {
  userId: string;
  conversationId: string;
  isNewConversation: boolean;
  title: string;
  /** The user message being answered (just saved for a submit, existing for a regenerate). */
  userMessageId: string;
  /** Set when this turn saved a new user message. */
  newUserMessageId: string | null;
  assistantId: string;
  assistantCreatedAt: Date;
  info: ModelInfo;
  model: LanguageModel;
  system: string;
  history: { role: "user" | "assistant"; text: string }[];
  droppedCount: number;
  seed: number;
};

function tooLong(length: number, max: number): AppError {
  return new AppError(
    "PAYLOAD_TOO_LARGE",
    `Messages are limited to ${max.toLocaleString("en-US")} characters; this one has ${length.toLocaleString("en-US")}.`,
  );
}

async function checkRate(userId: string): Promise<void> {
  const limit = env().CHAT_RATE_LIMIT_PER_MINUTE;
  const state = await hit(`chat:${userId}`, 60_000);
  if (state.count > limit) {
    throw new AppError(
      "RATE_LIMITED",
      `You're sending messages faster than ${limit} a minute. Try again in ${state.retryAfterSeconds} s.`,
      undefined,
      state.retryAfterSeconds,
    );
  }
}

/**
 * Everything that happens before the model is called: authorise, validate, rate-limit, save the
 * user's message (so a provider failure never loses it), create the answer's row, and build the
 * branch's context trimmed to the model's window.
 */
export async function prepareTurn(actor: Actor, raw: unknown): Promise<PreparedTurn> {
  const user = await requireUser(actor);
  const input = parseInput(chatRequestInput, raw);
  const settings = env();
  if (input.trigger === "submit" && input.message.text.length > settings.CHAT_MAX_MESSAGE_CHARS) {
    throw tooLong(input.message.text.length, settings.CHAT_MAX_MESSAGE_CHARS);
  }
  await checkRate(user.id);

  const client = db();
  let conversation = input.conversationId ? await ownConversation(user.id, input.conversationId) : null;
  const { info, model } = resolveModel(input.modelId ?? conversation?.modelId ?? null);

  let userMessageId: string;
  let newUserMessageId: string | null = null;
  if (input.trigger === "submit") {
    if (input.parentId) {
      const parent = conversation
        ? await client.message.findFirst({
            where: { id: input.parentId, conversationId: conversation.id },
            select: { role: true },
          })
        : null;
      if (!parent) throw notFound("The message you replied to no longer exists.");
      if (parent.role !== "assistant") throw new AppError("VALIDATION", "A message must follow an answer.");
    }
    if (!conversation) {
      const profile = await client.user.findUniqueOrThrow({
        where: { id: user.id },
        select: { customInstructions: true },
      });
      conversation = await client.conversation.create({
        data: {
          userId: user.id,
          title: titleFromMessage(input.message.text),
          modelId: info.id,
          systemPrompt: profile.customInstructions,
          temporary: input.temporary ?? false,
        },
      });
    }
    const text = input.message.text;
    try {
      await client.$executeRaw`
        INSERT INTO "Message" ("id", "conversationId", "parentId", "role", "parts", "text", "searchVector", "updatedAt")
        VALUES (${input.message.id}::uuid, ${conversation.id}::uuid, ${input.parentId}::uuid, 'user'::"MessageRole",
                ${JSON.stringify([{ type: "text", text }])}::jsonb, ${text}, to_tsvector('simple', ${text}), now())`;
    } catch (error) {
      if (String(error).includes("23505") || String(error).includes("unique")) {
        throw new AppError("CONFLICT", "This message was already sent.");
      }
      throw error;
    }
    userMessageId = input.message.id;
    newUserMessageId = userMessageId;
  } else {
    const target = await client.message.findFirst({
      where: { id: input.parentId, conversationId: conversation!.id },
      select: { role: true },
    });
    if (!target || target.role !== "user") throw notFound("The question to answer again no longer exists.");
    userMessageId = input.parentId;
  }
  const conv = conversation!;

  const seed = Math.floor(Math.random() * 2 ** 31);
  const assistant = await client.message.create({
    data: {
      conversationId: conv.id,
      parentId: userMessageId,
      role: "assistant",
      status: "streaming",
      modelId: info.id,
      provider: info.provider,
      params: { seed },
    },
    select: { id: true, createdAt: true },
  });
  await client.$executeRaw`
    UPDATE "Conversation" SET "currentLeafId" = ${assistant.id}::uuid, "modelId" = ${info.id}, "updatedAt" = now()
    WHERE "id" = ${conv.id}::uuid AND "userId" = ${user.id}::uuid`;

  // The branch that leads to the question: never sibling versions. A new conversation's branch is its
  // first message, so the first token of a new chat waits for one query less.
  const branch =
    input.trigger === "submit" && !input.conversationId
      ? [{ role: "user" as const, text: input.message.text }]
      : pathTo(
          buildTree(
            await client.message.findMany({
              where: { conversationId: conv.id, role: { in: ["user", "assistant"] } },
              select: { id: true, parentId: true, role: true, text: true, createdAt: true },
            }),
          ),
          userMessageId,
        )
          .filter((m) => m.text.trim().length > 0)
          .map((m) => ({
            role: m.role === "user" ? ("user" as const) : ("assistant" as const),
            text: m.text,
          }));
  const trimmed = trimToContextWindow({
    system: conv.systemPrompt,
    messages: branch,
    contextWindow: info.contextWindow,
  });

  return {
    userId: user.id,
    conversationId: conv.id,
    isNewConversation: !input.conversationId,
    title: conv.title,
    userMessageId,
    newUserMessageId,
    assistantId: assistant.id,
    assistantCreatedAt: assistant.createdAt,
    info,
    model,
    system: conv.systemPrompt,
    history: trimmed.messages,
    droppedCount: trimmed.droppedCount,
    seed,
  };
}
