// Writes the rows the export reads — conversations, messages, ratings, comparisons, corrections —
// straight into the database, with ids and times the caller fixes. Conversations are exported in id
// order and lines carry ids and times, so a dataset written this way has exactly one right output.
// Used by the export's integration tests and by the demo dataset of the example files.
import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";

type Turn = { id: string };
type StoredAnswer = Turn & {
  conversationId: string;
  modelId: string | null;
  provider: string | null;
  params: Prisma.JsonValue;
};

/** How an assistant answer was produced, as the chat records it on the message. */
export type AnswerFacts = {
  model: string;
  provider: string;
  params: Prisma.InputJsonValue;
  inputTokens: number;
  outputTokens: number;
  timeToFirstTokenMs: number;
  durationMs: number;
  finishReason: string;
};

/** The default: plain, obviously synthetic facts (tests/integration/export.test.ts asserts on them). */
export const PLAIN_ANSWER: AnswerFacts = {
  model: "model-a",
  provider: "openai-compatible",
  params: { temperature: 0.7, seed: 1 },
  inputTokens: 10,
  outputTokens: 3,
  timeToFirstTokenMs: 100,
  durationMs: 200,
  finishReason: "stop",
};

/** Times as whole minutes after `start`, so that a fixture reads as a timeline. */
export function minutesAfter(start: Date): (minute: number) => Date {
  return (minute) => new Date(start.getTime() + minute * 60_000);
}

/**
 * A writer with its own id sequence (`00000000-0000-4000-8000-<n>`): create one per seeding so that
 * the same seeding gives the same ids.
 */
export function exportRows(at: (minute: number) => Date, answerDefaults: AnswerFacts = PLAIN_ANSWER) {
  let counter = 0;
  const nextId = () => `00000000-0000-4000-8000-${(++counter).toString(16).padStart(12, "0")}`;

  async function conversation(
    userId: string,
    options: {
      system?: string;
      title?: string;
      temporary?: boolean;
      deleted?: boolean;
      minute?: number;
    } = {},
  ) {
    const minute = options.minute ?? 0;
    return db().conversation.create({
      data: {
        id: nextId(),
        userId,
        title: options.title ?? "Fixture",
        systemPrompt: options.system ?? "",
        temporary: options.temporary ?? false,
        // Deleted within the hour, inside the undo window: the row is still there, only marked.
        deletedAt: options.deleted ? at(minute + 59) : null,
        createdAt: at(minute),
      },
    });
  }

  async function message(
    conversationId: string,
    parent: Turn | null,
    role: "user" | "assistant",
    text: string,
    minute: number,
    answer: Partial<AnswerFacts> = {},
  ) {
    const facts = { ...answerDefaults, ...answer };
    return db().message.create({
      data: {
        id: nextId(),
        conversationId,
        parentId: parent?.id ?? null,
        role,
        text,
        createdAt: at(minute),
        ...(role === "assistant"
          ? {
              modelId: facts.model,
              provider: facts.provider,
              params: facts.params,
              inputTokens: facts.inputTokens,
              outputTokens: facts.outputTokens,
              timeToFirstTokenMs: facts.timeToFirstTokenMs,
              durationMs: facts.durationMs,
              finishReason: facts.finishReason,
            }
          : {}),
      },
    });
  }

  /** A rating freezes the model, provider and parameters of the answer, as the app does. */
  async function rate(
    userId: string,
    answer: StoredAnswer,
    rating: "up" | "down",
    options: {
      minute: number;
      reasons?: string[];
      comment?: string;
      review?: { status: "reviewed" | "excluded"; minute: number; note?: string };
    },
  ) {
    return db().feedback.create({
      data: {
        id: nextId(),
        messageId: answer.id,
        userId,
        conversationId: answer.conversationId,
        rating,
        reasons: options.reasons ?? [],
        comment: options.comment ?? "",
        modelId: answer.modelId,
        provider: answer.provider,
        params: answer.params ?? Prisma.JsonNull,
        reviewStatus: options.review?.status ?? "pending",
        reviewNote: options.review?.note ?? "",
        reviewedAt: options.review ? at(options.review.minute) : null,
        createdAt: at(options.minute),
        updatedAt: at(options.minute),
      },
    });
  }

  /** `preferred` null is a tie (or both bad); the pair is stored in id order, as the app stores it. */
  async function compare(
    userId: string,
    prompt: Turn & { conversationId: string },
    [x, y]: [Turn, Turn],
    preferred: Turn | null,
    source: "explicit" | "ratings" | "arena",
    minute: number,
    bothBad = false,
  ) {
    const [answerAId, answerBId] = x.id < y.id ? [x.id, y.id] : [y.id, x.id];
    return db().comparison.create({
      data: {
        id: nextId(),
        userId,
        conversationId: prompt.conversationId,
        promptId: prompt.id,
        answerAId,
        answerBId,
        preferredId: preferred?.id ?? null,
        bothBad,
        source,
        createdAt: at(minute),
        updatedAt: at(minute),
      },
    });
  }

  /** An admin's corrected answer; the newest one of an answer is the one exported. */
  async function correct(
    answer: Turn & { conversationId: string },
    text: string,
    minute: number,
    authorId: string | null = null,
  ) {
    return db().correction.create({
      data: {
        id: nextId(),
        messageId: answer.id,
        conversationId: answer.conversationId,
        authorId,
        text,
        createdAt: at(minute),
      },
    });
  }

  return { nextId, conversation, message, rate, compare, correct };
}
