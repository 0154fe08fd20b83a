import "server-only";
import { randomUUID } from "node:crypto";
import type { LanguageModelV4 } from "@ai-sdk/provider";
import { pool } from "../db/client";
import { queryRow } from "../db/query-row";
import { env } from "../env";
import { AppError, notFound } from "../errors/app-error";
import { actorUserId, type Actor } from "../auth/actor";
import { db } from "../db/client";
import { resolveModel } from "../models/registry";
import { modelForNewChat, trialModelForTurn } from "../evaluation/trial/trial-routing";
import type { SamplingParams } from "../ai/sampling-params";
import type { ModelInfo } from "../ai/model-info";
import type { ChatCompletionsTarget } from "../ai/chat-completions-stream";
import { fitToContextWindow } from "../ai/context-window";
import { titleFromMessage } from "../ai/title";
import { parseInput } from "../errors/parse-input";
import { assertWithinBudget } from "../usage/budget";
import { chatRequestInput, type ChatRequest } from "./schemas";
import { ADMIT_TURN, BRANCH, NEW_CHAT, WRITE_TURN, type AdmitRow, type NewChatRow } from "./turn-sql";

export type PreparedTurn = {
  userId: string;
  /** Where the turn came from: the chat, the public API or the playground (its usage is counted under that source). */
  source: "chat" | "api" | "playground" | "evaluation";
  /** False for the API's `store: false`: no rows exist, and only the usage is recorded. */
  persist: boolean;
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
  model: LanguageModelV4;
  /** Set for OpenAI-compatible servers, streamed by the lean client (lib/ai/stream-model.ts). */
  upstream: ChatCompletionsTarget | undefined;
  /** Sampling parameters for this answer: the model's defaults in the chat, the request's in the API. */
  params: SamplingParams;
  system: string;
  history: { role: "user" | "assistant"; text: string }[];
  droppedCount: number;
  seed: number;
};

type Turn = { role: "user" | "assistant"; text: string };

function tooLong(length: number, max: number): AppError {
  return new AppError(
    "PAYLOAD_TOO_LARGE",
    `Messages are limited to ${max.toLocaleString("en-US")} characters; this one has ${length.toLocaleString("en-US")}.`,
  );
}

/** Refusals shared by both paths: a missing or disabled account, then the per-user rate limit. */
function checkAdmitted(row: { found: number; allowed: number; retryAfter: number | null }): void {
  if (row.found === 0) throw new AppError("UNAUTHENTICATED", "Please sign in.");
  if (row.allowed === 0) {
    const limit = env().CHAT_RATE_LIMIT_PER_MINUTE;
    const seconds = Math.max(1, row.retryAfter ?? 60);
    throw new AppError(
      "RATE_LIMITED",
      `You're sending messages faster than ${limit} a minute. Try again in ${seconds} s.`,
      undefined,
      seconds,
    );
  }
}

// The question's id is the browser's: the same message sent twice is a conflict, not a second copy.
const alreadySent = () => new AppError("CONFLICT", "This message was already sent.");

const partsOf = (text: string) => JSON.stringify([{ type: "text", text }]);

/**
 * The account's role, read only when the model asked for is restricted to some roles: most turns use
 * models open to everyone and skip the read. A missing account may use none (the turn's own statement
 * then refuses it anyway).
 */
const roleOf = (userId: string) => async () =>
  (await db().user.findUnique({ where: { id: userId }, select: { role: true } }))?.role ?? null;

/** The system prompt and the branch, trimmed oldest-first to the model's context window. */
async function contextFor(system: string, branch: Turn[], info: ModelInfo) {
  const trimmed = await fitToContextWindow({
    system,
    messages: branch,
    contextWindow: info.contextWindow,
    modelId: info.id,
  });
  return { system, history: trimmed.messages, droppedCount: trimmed.droppedCount };
}

/**
 * Everything that happens before the model is called: authorise, validate, rate-limit, save the
 * user's message (so a provider failure never loses it), create the answer's row, and build the
 * branch's context trimmed to the model's window. A new chat does all of it in one statement; a turn
 * in an existing conversation in two round trips plus the branch read (lib/chat/turn-sql.ts).
 */
export async function prepareTurn(actor: Actor, raw: unknown): Promise<PreparedTurn> {
  const userId = actorUserId(actor);
  const input = parseInput(chatRequestInput, raw);
  const settings = env();
  if (input.trigger === "submit" && input.message.text.length > settings.CHAT_MAX_MESSAGE_CHARS) {
    throw tooLong(input.message.text.length, settings.CHAT_MAX_MESSAGE_CHARS);
  }
  // Before anything is saved: a refused question goes back to the composer, as a rate-limited one does.
  await assertWithinBudget(userId);
  if (input.trigger === "submit" && !input.conversationId) {
    // Replying to a message of a conversation that is not named: it cannot be one of the caller's.
    if (input.parentId) throw notFound("The message you replied to no longer exists.");
    return startConversation(userId, input);
  }
  return continueConversation(userId, input);
}

async function startConversation(
  userId: string,
  input: Extract<ChatRequest, { trigger: "submit" }>,
): Promise<PreparedTurn> {
  // The live trial may send it to its candidate instead (lib/evaluation/trial), decided once here.
  const resolved = await modelForNewChat(await resolveModel(input.modelId ?? null, roleOf(userId)));
  const { info } = resolved;
  const conversationId = randomUUID();
  const assistantId = randomUUID();
  const seed = Math.floor(Math.random() * 2 ** 31);
  const text = input.message.text;
  const title = titleFromMessage(text);
  const row = await queryRow<NewChatRow>(NEW_CHAT, [
    userId,
    `chat:${userId}`,
    env().CHAT_RATE_LIMIT_PER_MINUTE,
    conversationId,
    title,
    info.id,
    input.temporary ?? false,
    input.message.id,
    text,
    partsOf(text),
    assistantId,
    info.provider,
    JSON.stringify({ seed, ...resolved.params }),
  ]);
  checkAdmitted(row);
  if (row.duplicate) throw alreadySent();
  return {
    userId,
    source: "chat",
    persist: true,
    conversationId,
    isNewConversation: true,
    title,
    userMessageId: input.message.id,
    newUserMessageId: input.message.id,
    assistantId,
    assistantCreatedAt: row.answerCreatedAt!,
    ...resolved,
    // A new conversation's branch is its first message: nothing to read back.
    ...(await contextFor(row.systemPrompt ?? "", [{ role: "user", text }], info)),
    seed,
  };
}

async function continueConversation(
  userId: string,
  input: ChatRequest & { conversationId: string | null },
): Promise<PreparedTurn> {
  const conversationId = input.conversationId!;
  const admitted = await queryRow<AdmitRow>(ADMIT_TURN, [
    userId,
    `chat:${userId}`,
    env().CHAT_RATE_LIMIT_PER_MINUTE,
    conversationId,
    input.parentId,
  ]);
  checkAdmitted(admitted);
  if (admitted.conversationFound === 0) throw notFound("Conversation not found.");
  if (input.trigger === "submit" && input.parentId) {
    if (!admitted.targetRole) throw notFound("The message you replied to no longer exists.");
    if (admitted.targetRole !== "assistant")
      throw new AppError("VALIDATION", "A message must follow an answer.");
  }
  if (input.trigger === "regenerate" && admitted.targetRole !== "user") {
    throw notFound("The question to answer again no longer exists.");
  }
  const resolved =
    (await trialModelForTurn(admitted.modelId, input.modelId)) ??
    (await resolveModel(input.modelId ?? admitted.modelId ?? null, roleOf(userId)));
  const { info } = resolved;

  const assistantId = randomUUID();
  const seed = Math.floor(Math.random() * 2 ** 31);
  const question = input.trigger === "submit" ? input.message : null;
  const written = await queryRow<{ answerCreatedAt: Date | null }>(WRITE_TURN, [
    conversationId,
    userId,
    question?.id ?? null,
    input.parentId,
    question?.text ?? "",
    question ? partsOf(question.text) : "[]",
    assistantId,
    info.id,
    info.provider,
    JSON.stringify({ seed, ...resolved.params }),
  ]);
  if (!written.answerCreatedAt) throw alreadySent();
  // The branch down to the question's parent (a submit) or to the question (a regenerate).
  const branch = input.parentId
    ? (await pool().query<Turn>({ ...BRANCH, values: [conversationId, input.parentId] })).rows
    : [];
  if (question) branch.push({ role: "user", text: question.text });
  const userMessageId = question ? question.id : input.parentId!;
  return {
    userId,
    source: "chat",
    persist: true,
    conversationId,
    isNewConversation: false,
    title: admitted.title ?? "",
    userMessageId,
    newUserMessageId: question ? question.id : null,
    assistantId,
    assistantCreatedAt: written.answerCreatedAt,
    ...resolved,
    // Never sibling versions: only the branch that leads to the question, without empty turns (an
    // answer stopped before its first word).
    ...(await contextFor(
      admitted.systemPrompt ?? "",
      branch.filter((m) => m.text.trim().length > 0),
      info,
    )),
    seed,
  };
}
