// From one conversation, as stored, to export items. Pure: the database side loads a conversation (its
// messages, the owner's ratings, the newest corrections and the owner's comparisons) and calls
// `conversationItems`; everything that needs the whole tree is decided here, once:
//
// - History: the system prompt in effect (when not blank) is the first turn, then only the branch
//   from the first message to the answer (parent links); sibling branches never appear.
// - An excluded rating (admin) removes its answer from every training signal: no rating item, the
//   answer is not `ratedUp` in later histories, and comparisons involving it are skipped.
// - A pair implied by ratings is exported only while both ratings still say so (one up, one down).
// - Unrated answers that were compared explicitly become one compared-answer item each.
// - openai-sft trains each answer once. Its lines give earlier answers `weight: 0` unless the user rated
//   them up (the reference table); an earlier up-rated, uncorrected answer is then trained inside a
//   later line instead of a line of its own — in exactly one line: the first (by time, then id) later
//   trained answer below it on its branch whose line can be written (no blank turn). That line marks
//   it `trainHere`; other later lines keep it at weight 0; its own rating item is `trainedInLaterLine`.
//   Formats without per-turn weights (trl-sft, sharegpt) ignore this and give every trained answer its
//   own prompt-completion style line.
import { isBlank } from "../formats/checks";
import type {
  AnswerMeta,
  ChatTurn,
  ComparedAnswer,
  ComparedAnswerItem,
  ComparisonItem,
  ExportItem,
  JsonValue,
  RatingItem,
  TurnRole,
} from "../types";

type Time = Date | string;

export type SnapshotMessage = {
  id: string;
  parentId: string | null;
  role: TurnRole;
  /** Plain text of the message (Message.text). */
  text: string;
  modelId: string | null;
  provider: string | null;
  params: JsonValue | null;
  inputTokens: number | null;
  outputTokens: number | null;
  timeToFirstTokenMs: number | null;
  durationMs: number | null;
  finishReason: string | null;
  status: AnswerMeta["status"];
  createdAt: Time;
};

export type SnapshotFeedback = {
  id: string;
  messageId: string;
  rating: "up" | "down";
  reasons: string[];
  comment: string;
  reviewStatus: "pending" | "reviewed" | "excluded";
  reviewNote: string;
  reviewedAt: Time | null;
  /** Frozen at rating time. */
  modelId: string | null;
  provider: string | null;
  params: JsonValue | null;
  createdAt: Time;
  updatedAt: Time;
};

export type SnapshotCorrection = { id: string; messageId: string; text: string; createdAt: Time };

export type SnapshotComparison = {
  id: string;
  promptId: string;
  answerAId: string;
  answerBId: string;
  preferredId: string | null;
  source: "explicit" | "ratings";
  createdAt: Time;
  updatedAt: Time;
};

/** One conversation that may be used for training (not temporary, not deleted, owner consents). */
export type ConversationSnapshot = {
  conversationId: string;
  /** The owner's pseudonymous key (lib/export/source/pseudonym.ts). */
  userKey: string;
  /** The system prompt in effect for the conversation; "" for none. */
  systemPrompt: string;
  /** Every message of the conversation, all branches. */
  messages: SnapshotMessage[];
  /** The owner's ratings, excluded ones included (so that their answers are left out everywhere). */
  feedback: SnapshotFeedback[];
  /** Corrections of the conversation's answers (all versions or only the newest per answer). */
  corrections: SnapshotCorrection[];
  /** The owner's comparisons. */
  comparisons: SnapshotComparison[];
};

export const SKIP_REASONS = [
  "excluded_rating",
  "missing_message",
  "not_an_answer",
  "correction_without_rating",
  "invalid_comparison",
  "comparison_with_excluded_answer",
  "stale_implied_comparison",
] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];
export type Skip = { reason: SkipReason; id: string };

/** What Date#toISOString writes, and what the database side reads (lib/export/source/statements.ts). */
const CANONICAL = /^(\d{4})-(\d\d)-(\d\d)T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$/;
const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * The time as ISO 8601 UTC. A string already in that form (as the database side reads every time)
 * is returned as it is — parsing and formatting it again gives the same string and was a noticeable
 * share of an export; a date that does not exist (February 30) still goes through Date, as before.
 */
function iso(time: Time): string {
  const match = typeof time === "string" ? CANONICAL.exec(time) : null;
  if (match) {
    const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
    const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
    const days = month === 2 && leap ? 29 : DAYS[month - 1];
    if (days !== undefined && day >= 1 && day <= days) return time as string;
  }
  return new Date(time).toISOString();
}
/** Locale-independent order of ISO timestamps, then ids. */
const byTimeThenId = (a: { at: string; id: string }, b: { at: string; id: string }) =>
  a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

function meta(message: SnapshotMessage, frozen?: SnapshotFeedback): AnswerMeta {
  return {
    modelId: frozen?.modelId ?? message.modelId,
    provider: frozen?.provider ?? message.provider,
    params: frozen?.params ?? message.params ?? null,
    inputTokens: message.inputTokens,
    outputTokens: message.outputTokens,
    timeToFirstTokenMs: message.timeToFirstTokenMs,
    durationMs: message.durationMs,
    finishReason: message.finishReason,
    status: message.status,
    createdAt: iso(message.createdAt),
  };
}

type Target = { messageId: string; at: string; id: string; text: string; carryable: boolean; path: string[] };

export function conversationItems(snapshot: ConversationSnapshot): { items: ExportItem[]; skipped: Skip[] } {
  const { conversationId, userKey } = snapshot;
  const skipped: Skip[] = [];
  const messages = new Map(snapshot.messages.map((message) => [message.id, message]));

  // The owner's ratings: usable ones by answer, and the answers whose rating an admin excluded.
  const ratings = new Map<string, SnapshotFeedback>();
  const excluded = new Set<string>();
  for (const feedback of [...snapshot.feedback].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    if (feedback.reviewStatus === "excluded") {
      excluded.add(feedback.messageId);
      skipped.push({ reason: "excluded_rating", id: feedback.id });
      continue;
    }
    const message = messages.get(feedback.messageId);
    if (!message) skipped.push({ reason: "missing_message", id: feedback.id });
    else if (message.role !== "assistant") skipped.push({ reason: "not_an_answer", id: feedback.id });
    else if (!ratings.has(feedback.messageId)) ratings.set(feedback.messageId, feedback);
  }

  const corrections = new Map<string, SnapshotCorrection>();
  for (const correction of snapshot.corrections) {
    const current = corrections.get(correction.messageId);
    const newer =
      !current ||
      byTimeThenId(
        { at: iso(current.createdAt), id: current.id },
        { at: iso(correction.createdAt), id: correction.id },
      ) < 0;
    if (newer) corrections.set(correction.messageId, correction);
  }
  for (const [messageId, correction] of corrections) {
    if (!ratings.has(messageId) && !excluded.has(messageId)) {
      skipped.push({ reason: "correction_without_rating", id: correction.id });
    }
  }

  // A rated answer's path is asked for twice (its trained line, its rating line): walked once.
  const paths = new Map<string, string[]>();
  /** Ids from the first message down to `messageId`, which is included only when asked. */
  function pathTo(messageId: string, includeSelf: boolean): string[] {
    const key = `${includeSelf ? "+" : "-"}${messageId}`;
    let path = paths.get(key);
    if (!path) {
      path = walkTo(messageId, includeSelf);
      paths.set(key, path);
    }
    return path;
  }
  function walkTo(messageId: string, includeSelf: boolean): string[] {
    const ids: string[] = [];
    const seen = new Set<string>();
    let current = messages.get(messageId);
    if (current && !includeSelf) current = current.parentId ? messages.get(current.parentId) : undefined;
    while (current && !seen.has(current.id)) {
      seen.add(current.id);
      ids.push(current.id);
      current = current.parentId ? messages.get(current.parentId) : undefined;
    }
    return ids.reverse();
  }

  // One frozen turn per message, shared by every history that passes through it: a conversation's
  // items repeat the same turns (a branch of n rated answers gives ~n²/2 turns), and formats and the
  // serialiser memoise what they derive from a frozen turn (lib/export/lines/serialize.ts). Only a turn
  // that a line trains (`trainHere`, per line) is a fresh object.
  const system = isBlank(snapshot.systemPrompt) ? null : snapshot.systemPrompt;
  const systemTurn: ChatTurn | null =
    system === null ? null : Object.freeze({ role: "system", content: system });
  const turns = new Map<string, ChatTurn>();
  function turnOf(message: SnapshotMessage): ChatTurn {
    let turn = turns.get(message.id);
    if (!turn) {
      const fresh: ChatTurn = { role: message.role, content: message.text, messageId: message.id };
      if (message.role === "assistant" && ratings.get(message.id)?.rating === "up") fresh.ratedUp = true;
      turn = Object.freeze(fresh);
      turns.set(message.id, turn);
    }
    return turn;
  }
  const carried = new Map<string, Set<string>>();

  function history(path: string[], lineOf?: string): ChatTurn[] {
    const trains = lineOf === undefined ? undefined : carried.get(lineOf);
    const result: ChatTurn[] = systemTurn === null ? [] : [systemTurn];
    for (const id of path) {
      const turn = turnOf(messages.get(id)!);
      result.push(trains?.has(id) && turn.role === "assistant" ? { ...turn, trainHere: true } : turn);
    }
    return result;
  }

  // Comparisons: validate them, and tally explicit outcomes of answers the user did not rate.
  const comparisons: ComparisonItem[] = [];
  const outcomes = new Map<string, { wins: number; losses: number }>();
  const sortedComparisons = [...snapshot.comparisons]
    .map((comparison) => ({ comparison, at: iso(comparison.createdAt), id: comparison.id }))
    .sort(byTimeThenId)
    .map(({ comparison }) => comparison);
  for (const comparison of sortedComparisons) {
    const prompt = messages.get(comparison.promptId);
    const a = messages.get(comparison.answerAId);
    const b = messages.get(comparison.answerBId);
    if (!prompt || !a || !b) {
      skipped.push({ reason: "missing_message", id: comparison.id });
      continue;
    }
    const siblings =
      prompt.role === "user" &&
      a.role === "assistant" &&
      b.role === "assistant" &&
      a.parentId === prompt.id &&
      b.parentId === prompt.id &&
      a.id !== b.id;
    const preferred =
      comparison.preferredId === null
        ? null
        : comparison.preferredId === a.id
          ? "a"
          : comparison.preferredId === b.id
            ? "b"
            : undefined;
    if (!siblings || preferred === undefined) {
      skipped.push({ reason: "invalid_comparison", id: comparison.id });
      continue;
    }
    if (excluded.has(a.id) || excluded.has(b.id)) {
      skipped.push({ reason: "comparison_with_excluded_answer", id: comparison.id });
      continue;
    }
    const ratingA = ratings.get(a.id)?.rating ?? null;
    const ratingB = ratings.get(b.id)?.rating ?? null;
    if (comparison.source === "ratings") {
      const stillImplied =
        (preferred === "a" && ratingA === "up" && ratingB === "down") ||
        (preferred === "b" && ratingB === "up" && ratingA === "down");
      if (!stillImplied) {
        skipped.push({ reason: "stale_implied_comparison", id: comparison.id });
        continue;
      }
    } else if (preferred !== null) {
      const winner = preferred === "a" ? a : b;
      const loser = preferred === "a" ? b : a;
      for (const [answer, won] of [
        [winner, true],
        [loser, false],
      ] as const) {
        if (ratings.has(answer.id)) continue;
        const tally = outcomes.get(answer.id) ?? { wins: 0, losses: 0 };
        if (won) tally.wins += 1;
        else tally.losses += 1;
        outcomes.set(answer.id, tally);
      }
    }
    const compared = (message: SnapshotMessage, rating: "up" | "down" | null): ComparedAnswer => ({
      messageId: message.id,
      content: message.text,
      rating,
      meta: meta(message, ratings.get(message.id)),
    });
    comparisons.push({
      kind: "comparison",
      conversationId,
      comparisonId: comparison.id,
      userKey,
      promptId: prompt.id,
      history: history(pathTo(prompt.id, true)),
      a: compared(a, ratingA),
      b: compared(b, ratingB),
      preferred,
      source: comparison.source,
      comparedAt: iso(comparison.createdAt),
      updatedAt: iso(comparison.updatedAt),
    });
  }

  // Trained answers (SFT targets) and which later line trains each earlier up-rated answer.
  const targets: Target[] = [];
  for (const [messageId, rating] of ratings) {
    const correction = corrections.get(messageId);
    if (!correction && rating.rating !== "up") continue;
    const message = messages.get(messageId)!;
    targets.push({
      messageId,
      at: iso(message.createdAt),
      id: messageId,
      text: correction ? correction.text : message.text,
      carryable: !correction,
      path: pathTo(messageId, false),
    });
  }
  for (const [messageId, tally] of outcomes) {
    if (tally.wins === 0) continue;
    const message = messages.get(messageId)!;
    targets.push({
      messageId,
      at: iso(message.createdAt),
      id: messageId,
      text: message.text,
      carryable: false,
      path: pathTo(messageId, false),
    });
  }
  targets.sort(byTimeThenId);
  // Decided once per target (the pairs below are quadratic in the conversation's trained answers).
  const writable = new Set(
    targets
      .filter(
        (target) => !isBlank(target.text) && target.path.every((id) => !isBlank(messages.get(id)!.text)),
      )
      .map((target) => target.messageId),
  );
  const onPath = new Map(targets.map((target) => [target, new Set(target.path)]));
  const below = (ancestor: Target) =>
    targets.filter(
      (target) =>
        target !== ancestor && writable.has(target.messageId) && onPath.get(target)!.has(ancestor.messageId),
    );
  const inLaterLine = new Set<string>();
  for (const target of targets) {
    if (target.carryable && below(target).length > 0) inLaterLine.add(target.messageId);
  }
  for (const target of targets) {
    if (!inLaterLine.has(target.messageId)) continue;
    // The first later line that is itself written (not carried further down).
    const carrier = below(target).find((candidate) => !inLaterLine.has(candidate.messageId))!;
    const set = carried.get(carrier.messageId) ?? new Set<string>();
    set.add(target.messageId);
    carried.set(carrier.messageId, set);
  }

  const ratingItems: { at: string; id: string; item: RatingItem }[] = [];
  for (const [messageId, feedback] of ratings) {
    const message = messages.get(messageId)!;
    const correction = corrections.get(messageId);
    ratingItems.push({
      at: iso(message.createdAt),
      id: messageId,
      item: {
        kind: "rating",
        conversationId,
        messageId,
        feedbackId: feedback.id,
        userKey,
        rating: feedback.rating,
        reasons: [...feedback.reasons],
        comment: feedback.comment,
        review: {
          status: feedback.reviewStatus === "reviewed" ? "reviewed" : "pending",
          note: feedback.reviewNote,
          reviewedAt: feedback.reviewedAt === null ? null : iso(feedback.reviewedAt),
        },
        ratedAt: iso(feedback.createdAt),
        ratingUpdatedAt: iso(feedback.updatedAt),
        history: history(pathTo(messageId, false), messageId),
        answer: message.text,
        answerMeta: meta(message, feedback),
        correction: correction
          ? { id: correction.id, text: correction.text, createdAt: iso(correction.createdAt) }
          : null,
        trainedInLaterLine: inLaterLine.has(messageId),
      },
    });
  }

  const comparedItems: { at: string; id: string; item: ComparedAnswerItem }[] = [];
  for (const [messageId, tally] of outcomes) {
    const message = messages.get(messageId)!;
    comparedItems.push({
      at: iso(message.createdAt),
      id: messageId,
      item: {
        kind: "compared-answer",
        conversationId,
        messageId,
        userKey,
        history: history(pathTo(messageId, false), messageId),
        answer: message.text,
        wins: tally.wins,
        losses: tally.losses,
      },
    });
  }

  const items: ExportItem[] = [
    ...ratingItems.sort(byTimeThenId).map((entry) => entry.item),
    ...comparedItems.sort(byTimeThenId).map((entry) => entry.item),
    ...comparisons,
  ];
  return { items, skipped };
}
