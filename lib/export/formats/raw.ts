// Everything Flywheel knows about each rated answer and each comparison, for analysis and for formats
// we do not write yet. One line per rating, one per comparison (ties included); `type` tells them
// apart. Field by field: docs/export-formats.md. The user is a pseudonymous key, never an email.
import { sortKeysDeep } from "../lines/serialize";
import { validateRaw } from "./raw-validate";
import type {
  AnswerMeta,
  ChatTurn,
  ComparedAnswer,
  ComparisonItem,
  ExportFormat,
  ExportItem,
  RatingItem,
  Row,
} from "../types";

type RawTurn = { role: ChatTurn["role"]; content: string; messageId: string | null; ratedUp: boolean | null };

// A frozen turn is shared by every line of its conversation (lib/export/items/branch-histories.ts): its
// raw form is built once and frozen too, so the serialiser writes it once (lib/export/lines/serialize.ts).
const rawTurns = new WeakMap<ChatTurn, RawTurn>();

function rawTurn(turn: ChatTurn): RawTurn {
  const known = rawTurns.get(turn);
  if (known) return known;
  const made: RawTurn = {
    role: turn.role,
    content: turn.content,
    messageId: turn.messageId ?? null,
    ratedUp: turn.role === "assistant" ? turn.ratedUp === true : null,
  };
  if (!Object.isFrozen(turn)) return made;
  rawTurns.set(turn, Object.freeze(made));
  return made;
}

function production(meta: AnswerMeta) {
  return {
    model: { id: meta.modelId, provider: meta.provider, params: sortKeysDeep(meta.params) },
    usage: { inputTokens: meta.inputTokens, outputTokens: meta.outputTokens },
    timings: { timeToFirstTokenMs: meta.timeToFirstTokenMs, durationMs: meta.durationMs },
    finishReason: meta.finishReason,
    status: meta.status,
  };
}

function ratingLine(item: RatingItem) {
  return {
    type: "rating" as const,
    conversationId: item.conversationId,
    messageId: item.messageId,
    feedbackId: item.feedbackId,
    user: item.userKey,
    history: item.history.map(rawTurn),
    answer: item.answer,
    rating: item.rating,
    reasons: item.reasons,
    comment: item.comment,
    review: { status: item.review.status, note: item.review.note, reviewedAt: item.review.reviewedAt },
    correction: item.correction
      ? { id: item.correction.id, text: item.correction.text, createdAt: item.correction.createdAt }
      : null,
    ...production(item.answerMeta),
    timestamps: {
      answeredAt: item.answerMeta.createdAt,
      ratedAt: item.ratedAt,
      ratingUpdatedAt: item.ratingUpdatedAt,
    },
  };
}

function rawAnswer(answer: ComparedAnswer) {
  return {
    messageId: answer.messageId,
    content: answer.content,
    rating: answer.rating,
    ...production(answer.meta),
    answeredAt: answer.meta.createdAt,
  };
}

function comparisonLine(item: ComparisonItem) {
  const preferred = item.preferred === null ? null : item[item.preferred].messageId;
  return {
    type: "comparison" as const,
    conversationId: item.conversationId,
    comparisonId: item.comparisonId,
    user: item.userKey,
    promptId: item.promptId,
    history: item.history.map(rawTurn),
    answers: [rawAnswer(item.a), rawAnswer(item.b)],
    preferredMessageId: preferred,
    bothBad: item.bothBad === true,
    source: item.source,
    timestamps: { comparedAt: item.comparedAt, updatedAt: item.updatedAt },
  };
}

function rows(item: ExportItem): Row[] {
  switch (item.kind) {
    case "rating":
      return [ratingLine(item)];
    case "comparison":
      return [comparisonLine(item)];
    case "compared-answer":
      // Its comparisons have their own raw lines; the answer itself carries no extra fact.
      return [];
  }
}

export const raw: ExportFormat = {
  id: "raw",
  description:
    "Every field Flywheel knows per rating and per comparison, for analysis (not a training format)",
  rows,
  validate: validateRaw,
};
