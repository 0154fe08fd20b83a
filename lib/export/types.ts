// The contract between the database side of the export (which reads conversations in keyset batches)
// and the pure core in lib/export (which turns evidence into validated JSON lines). Everything here is
// plain data: no Dates, no Prisma types, so the core runs the same in the app, the CLI and the tests.
// Field-by-field meaning of the output: docs/export-formats.md.

/** Any JSON value (generation parameters are stored as JSON). */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export type TurnRole = "system" | "user" | "assistant";

/** One turn of the branch that leads to the answer an item is about. */
export type ChatTurn = {
  role: TurnRole;
  content: string;
  /** The message id; absent for the conversation's system prompt (it is not a message). */
  messageId?: string;
  /** Assistant turns: the conversation's owner rated this answer up, and that rating is exportable. */
  ratedUp?: boolean;
  /**
   * Assistant turns, openai-sft only: this line is the one line that trains this earlier answer
   * (`weight: 1`). Every other line that contains it gives it `weight: 0`. Set by `conversationItems`
   * (lib/export/items/trained-answers.ts explains the rule).
   */
  trainHere?: boolean;
};

/** What we know about how an answer was produced (for `raw`). Timestamps are ISO 8601 UTC strings. */
export type AnswerMeta = {
  /** Frozen on the rating when there is one (what the user rated), else the message's own. */
  modelId: string | null;
  provider: string | null;
  /** Generation parameters (temperature, seed, …); keys are written sorted. */
  params: JsonValue;
  inputTokens: number | null;
  outputTokens: number | null;
  timeToFirstTokenMs: number | null;
  durationMs: number | null;
  finishReason: string | null;
  status: "complete" | "streaming" | "stopped" | "error";
  createdAt: string;
};

/** A thumbs up or down, with the admin's newest correction of the answer if any. */
export type RatingItem = {
  kind: "rating";
  conversationId: string;
  messageId: string;
  feedbackId: string;
  /** Pseudonymous user id (lib/export/source/pseudonym.ts) — never the email or the database id. */
  userKey: string;
  rating: "up" | "down";
  reasons: string[];
  /** Free text; only ever written to `raw`. */
  comment: string;
  review: { status: "pending" | "reviewed"; note: string; reviewedAt: string | null };
  ratedAt: string;
  ratingUpdatedAt: string;
  /** The system prompt in effect (if not blank), then the branch from the first message up to the rated answer (excluded). */
  history: ChatTurn[];
  answer: string;
  answerMeta: AnswerMeta;
  /** The newest admin correction of this answer. */
  correction: { id: string; text: string; createdAt: string } | null;
  /**
   * openai-sft only: this answer (rated up, not corrected) is trained with `weight: 1` inside a later
   * line of its branch, so it gets no line of its own there. Other formats ignore it.
   */
  trainedInLaterLine: boolean;
};

export type ComparedAnswer = {
  messageId: string;
  content: string;
  /** The same user's exportable rating of this answer, if any. */
  rating: "up" | "down" | null;
  meta: AnswerMeta;
};

/** A recorded preference between two sibling answers (or a tie). */
export type ComparisonItem = {
  kind: "comparison";
  conversationId: string;
  comparisonId: string;
  userKey: string;
  /** The user message both answers respond to. */
  promptId: string;
  /** The system prompt in effect, then the branch up to and including the shared user turn. */
  history: ChatTurn[];
  /** The pair in stored order (answerAId < answerBId). */
  a: ComparedAnswer;
  b: ComparedAnswer;
  /** null: a tie ("Same", "Tie") or both bad. */
  preferred: "a" | "b" | null;
  /** "Both are bad" (arena votes): no preference, kept apart from a tie; absent = false. */
  bothBad?: boolean;
  /**
   * explicit: "better or worse?"; ratings: implied by one answer rated up and its sibling down; arena:
   * a vote between two models' answers (the chat's blind arena, the playground's compare). Explicit
   * and arena are choices the user made and are mapped alike.
   */
  source: "explicit" | "ratings" | "arena";
  comparedAt: string;
  updatedAt: string;
};

/**
 * An answer the user did not rate but did compare explicitly with a sibling: the only evidence about it
 * is the outcome of its comparisons. One item per answer, however many comparisons it is in, so that
 * SFT and KTO rows for it are written once (see lib/export/formats/training-examples.ts).
 */
export type ComparedAnswerItem = {
  kind: "compared-answer";
  conversationId: string;
  messageId: string;
  userKey: string;
  history: ChatTurn[];
  answer: string;
  /** Explicit comparisons (ties not counted) this answer won and lost. */
  wins: number;
  losses: number;
};

/** One unit of evidence, already filtered for consent, deletion, temporary chats and exclusion. */
export type ExportItem = RatingItem | ComparisonItem | ComparedAnswerItem;
export type ItemKind = ExportItem["kind"];
export const ITEM_KINDS = ["rating", "comparison", "compared-answer"] as const satisfies readonly ItemKind[];

export const FORMAT_IDS = [
  "openai-sft",
  "openai-dpo",
  "trl-sft",
  "trl-preference",
  "trl-kto",
  "sharegpt",
  "raw",
] as const;
export type FormatId = (typeof FORMAT_IDS)[number];

/**
 * Why a row was not written. Stable codes: the export summary counts rows per code.
 * The validators' codes come first, then the exporter's own (duplicate, contradiction, limit).
 */
export const DROP_REASONS = [
  "not_an_object",
  "missing_key",
  "unknown_key",
  "wrong_type",
  "invalid_role",
  "empty_answer",
  "empty_message",
  "no_assistant_message",
  "nothing_trained",
  "invalid_weight",
  "weight_not_on_assistant",
  "invalid_tool_call",
  "system_not_first",
  "not_alternating",
  "prompt_not_ending_with_user",
  "not_ending_with_answer",
  "not_single_assistant_output",
  "identical_pair",
  "invalid_label",
  "user_not_pseudonymous",
  "duplicate",
  "contradicts_earlier_line",
  "over_max_rows",
] as const;
export type DropReason = (typeof DROP_REASONS)[number];

export type Validation = { ok: true } | { ok: false; reason: DropReason; detail: string };

/** A JSON object as written on one line. */
export type Row = Record<string, unknown>;

export interface ExportFormat {
  id: FormatId;
  /** File name suffix and a one-line description, for the UI, the CLI and the docs. */
  description: string;
  /** 0..n rows for one item, exactly as the mapping table says; not yet validated. Pure. */
  rows(item: ExportItem): Row[];
  /** The consumer's rules. Every row is checked before it is written. */
  validate(row: unknown): Validation;
  /**
   * The row that would say the opposite of `row` (KTO: same prompt and completion, other label;
   * preference formats: chosen and rejected swapped). The exporter drops a row whose opposite was
   * already written. Absent for formats where rows cannot contradict each other.
   */
  opposite?(row: Row): Row;
}
