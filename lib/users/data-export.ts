import "server-only";
import { db } from "../db/client";
import type { Actor } from "../auth/actor";
import { requireUser } from "../auth/actor";
import { trainingUse } from "../feedback/consent";

const CONVERSATION_BATCH = 100;
const ROW_BATCH = 1000;

/**
 * "Download my data": the caller's profile, conversations (every branch of every message), ratings and
 * comparisons as one JSON document. Authorised before anything is sent, then produced in batches so a
 * long history never sits in memory whole. Conversations deleted by the user are not included: they
 * are on their way out (see deleteConversation).
 */
export async function openUserDataExport(
  actor: Actor,
): Promise<{ filename: string; chunks: AsyncGenerator<string> }> {
  const user = await requireUser(actor);
  const profile = await db().user.findUniqueOrThrow({
    where: { id: user.id },
    select: {
      id: true,
      email: true,
      name: true,
      role: true,
      trainingConsent: true,
      customInstructions: true,
      createdAt: true,
    },
  });
  const exportedAt = new Date();
  return {
    filename: `flywheel-data-${exportedAt.toISOString().slice(0, 10)}.json`,
    chunks: documentChunks(profile, exportedAt),
  };
}

type Profile = { id: string; trainingConsent: boolean } & Record<string, unknown>;

async function* documentChunks(profile: Profile, exportedAt: Date): AsyncGenerator<string> {
  yield `{"exportedAt":${JSON.stringify(exportedAt)},"user":${JSON.stringify(profile)},"conversations":[`;
  let first = true;
  for await (const conversation of conversations(profile)) {
    yield (first ? "" : ",") + JSON.stringify(conversation);
    first = false;
  }
  yield `],"feedback":[`;
  first = true;
  for await (const row of feedbackRows(profile.id)) {
    yield (first ? "" : ",") + JSON.stringify(row);
    first = false;
  }
  yield `],"comparisons":[`;
  first = true;
  for await (const row of comparisonRows(profile.id)) {
    yield (first ? "" : ",") + JSON.stringify(row);
    first = false;
  }
  yield "]}";
}

async function* conversations(profile: Profile) {
  let after: string | undefined;
  for (;;) {
    const batch = await db().conversation.findMany({
      where: { userId: profile.id, deletedAt: null, ...(after ? { id: { gt: after } } : {}) },
      orderBy: { id: "asc" },
      take: CONVERSATION_BATCH,
      select: {
        id: true,
        title: true,
        createdAt: true,
        updatedAt: true,
        temporary: true,
        modelId: true,
        systemPrompt: true,
      },
    });
    if (batch.length === 0) return;
    const messages = await db().message.findMany({
      where: { conversationId: { in: batch.map((c) => c.id) } },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: {
        id: true,
        conversationId: true,
        parentId: true,
        role: true,
        text: true,
        createdAt: true,
        status: true,
        modelId: true,
        provider: true,
        inputTokens: true,
        outputTokens: true,
        timeToFirstTokenMs: true,
        durationMs: true,
        finishReason: true,
      },
    });
    const byConversation = new Map<string, typeof messages>();
    for (const message of messages) {
      const list = byConversation.get(message.conversationId) ?? [];
      list.push(message);
      byConversation.set(message.conversationId, list);
    }
    for (const conversation of batch) {
      yield {
        ...conversation,
        usableForTraining: trainingUse({
          temporary: conversation.temporary,
          deleted: false,
          userConsent: profile.trainingConsent,
        }),
        messages: (byConversation.get(conversation.id) ?? []).map(
          ({ conversationId: _conversationId, ...message }) => message,
        ),
      };
    }
    after = batch[batch.length - 1]!.id;
  }
}

async function* feedbackRows(userId: string) {
  let after: string | undefined;
  for (;;) {
    const batch = await db().feedback.findMany({
      where: { userId, conversation: { deletedAt: null }, ...(after ? { id: { gt: after } } : {}) },
      orderBy: { id: "asc" },
      take: ROW_BATCH,
      select: {
        id: true,
        messageId: true,
        conversationId: true,
        rating: true,
        reasons: true,
        comment: true,
        modelId: true,
        provider: true,
        params: true,
        createdAt: true,
        updatedAt: true,
      },
    });
    if (batch.length === 0) return;
    yield* batch;
    after = batch[batch.length - 1]!.id;
  }
}

async function* comparisonRows(userId: string) {
  let after: string | undefined;
  for (;;) {
    const batch = await db().comparison.findMany({
      where: { userId, conversation: { deletedAt: null }, ...(after ? { id: { gt: after } } : {}) },
      orderBy: { id: "asc" },
      take: ROW_BATCH,
      select: {
        id: true,
        conversationId: true,
        promptId: true,
        answerAId: true,
        answerBId: true,
        preferredId: true,
        source: true,
        createdAt: true,
        updatedAt: true,
      },
    });
    if (batch.length === 0) return;
    yield* batch;
    after = batch[batch.length - 1]!.id;
  }
}
