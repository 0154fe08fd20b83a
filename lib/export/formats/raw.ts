// Everything Flywheel knows about each rated answer and each comparison, for analysis and for formats
// we do not write yet. One line per rating, one per comparison (ties included); `type` tells them
// apart. Field by field: docs/export-formats.md. The user is a pseudonymous key, never an email.
import { z } from "zod";
import { fail, isObject, PASS } from "../checks";
import { sortKeysDeep } from "../serialize";
import type {
  AnswerMeta,
  ChatTurn,
  ComparedAnswer,
  ComparisonItem,
  DropReason,
  ExportFormat,
  ExportItem,
  RatingItem,
  Row,
  Validation,
} from "../types";

function rawTurn(turn: ChatTurn) {
  return {
    role: turn.role,
    content: turn.content,
    messageId: turn.messageId ?? null,
    ratedUp: turn.role === "assistant" ? turn.ratedUp === true : null,
  };
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

// The schema of a raw line. Strict objects: a field that is not documented is a bug, not a feature.
const id = z.string().min(1);
const time = z.iso.datetime();
const count = z.number().int().nonnegative().nullable();
const turn = z.strictObject({
  role: z.enum(["system", "user", "assistant"]),
  content: z.string(),
  messageId: id.nullable(),
  ratedUp: z.boolean().nullable(),
});
const productionShape = {
  model: z.strictObject({ id: z.string().nullable(), provider: z.string().nullable(), params: z.json() }),
  usage: z.strictObject({ inputTokens: count, outputTokens: count }),
  timings: z.strictObject({ timeToFirstTokenMs: count, durationMs: count }),
  finishReason: z.string().nullable(),
  status: z.enum(["complete", "streaming", "stopped", "error"]),
};
const ratingSchema = z.strictObject({
  type: z.literal("rating"),
  conversationId: id,
  messageId: id,
  feedbackId: id,
  user: z.string(),
  history: z.array(turn),
  answer: z.string(),
  rating: z.enum(["up", "down"]),
  reasons: z.array(z.string()),
  comment: z.string(),
  review: z.strictObject({
    status: z.enum(["pending", "reviewed"]),
    note: z.string(),
    reviewedAt: time.nullable(),
  }),
  correction: z.strictObject({ id, text: z.string(), createdAt: time }).nullable(),
  ...productionShape,
  timestamps: z.strictObject({ answeredAt: time, ratedAt: time, ratingUpdatedAt: time }),
});
const answerSchema = z.strictObject({
  messageId: id,
  content: z.string(),
  rating: z.enum(["up", "down"]).nullable(),
  ...productionShape,
  answeredAt: time,
});
const comparisonSchema = z.strictObject({
  type: z.literal("comparison"),
  conversationId: id,
  comparisonId: id,
  user: z.string(),
  promptId: id,
  history: z.array(turn),
  answers: z.tuple([answerSchema, answerSchema]),
  preferredMessageId: id.nullable(),
  source: z.enum(["explicit", "ratings"]),
  timestamps: z.strictObject({ comparedAt: time, updatedAt: time }),
});

/** A keyed hash from lib/export/pseudonym.ts: lowercase hex. Never an email, never a raw UUID. */
const PSEUDONYM = /^[0-9a-f]{16,64}$/;

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const key of path) {
    if (!isObject(value) && !Array.isArray(value)) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function validate(row: unknown): Validation {
  if (!isObject(row)) return fail("not_an_object", "the line is not a JSON object");
  const schema = row.type === "rating" ? ratingSchema : row.type === "comparison" ? comparisonSchema : null;
  if (!schema)
    return fail("wrong_type", `type = ${JSON.stringify(row.type)}, expected "rating" or "comparison"`);
  const parsed = schema.safeParse(row);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.map(String).join(".") || "line";
    let reason: DropReason = "wrong_type";
    if (issue.code === "unrecognized_keys") reason = "unknown_key";
    else if (issue.code === "invalid_type" && valueAt(row, issue.path) === undefined) reason = "missing_key";
    else if (issue.path[issue.path.length - 1] === "role") reason = "invalid_role";
    return fail(reason, `${where}: ${issue.message}`);
  }
  if (!PSEUDONYM.test(parsed.data.user)) {
    return fail("user_not_pseudonymous", "user must be a pseudonymous key (hex), never an email or a raw id");
  }
  if (parsed.data.type === "comparison") {
    const { answers, preferredMessageId } = parsed.data;
    if (preferredMessageId !== null && !answers.some((answer) => answer.messageId === preferredMessageId)) {
      return fail("wrong_type", "preferredMessageId is not one of the two answers");
    }
  }
  return PASS;
}

export const raw: ExportFormat = {
  id: "raw",
  description:
    "Every field Flywheel knows per rating and per comparison, for analysis (not a training format)",
  rows,
  validate,
};
