// The mapping table of the training-data reference, in one place: which evidence becomes which kind of
// example. Formats only shape these examples into their own JSON. The rules that keep one piece of
// evidence from being counted twice are here too:
//
// - A rated answer's SFT and KTO rows come from its rating item only. A comparison never adds SFT or
//   KTO rows for an answer the user rated: a pair implied by ratings (one up, its sibling down) adds
//   just its DPO/preference row, and so does an explicit comparison of rated answers. When an explicit
//   choice and a rating disagree (the preferred answer rated down), the DPO row follows the choice (the
//   relative signal) and SFT/KTO follow the rating (the absolute one): no contradictory rows.
// - An answer that was compared but not rated gets its SFT/KTO rows from one compared-answer item, not
//   from each comparison: SFT once if it won at least once; KTO `true` if it only won, `false` if it only
//   lost, nothing when it both won and lost (it would carry both labels).
// - A correction replaces the rated answer: SFT trains the correction (never also the original), DPO
//   prefers the correction to the original, KTO labels the correction true and the original false,
//   whatever the user's rating was. A correction identical to the answer is an endorsement: one KTO
//   `true` row; its DPO row is dropped as an identical pair by the validator.
// - A tie gives nothing in any training format (neither answer is shown better, and "both equally
//   good or bad" is not known): only its `raw` line.
// - An arena vote is a choice the user made: it maps like an explicit one. "Both are bad" gives no pair
//   (no answer is better), and counts as a loss for each unrated answer (KTO false, never SFT).
// - The comment is never part of any training row.
// Dedup by identical line (lib/export/lines/dedupe.ts) is a safety net behind these rules, not a substitute.
import type { ChatTurn, ComparisonItem, ExportItem } from "../types";

/** A trained answer with the branch that led to it. */
export type SftExample = {
  history: ChatTurn[];
  answer: string;
  /** Formats with per-turn weights (openai-sft) skip it: a later line of the branch trains it. */
  trainedInLaterLine: boolean;
};
export type PairExample = { history: ChatTurn[]; chosen: string; rejected: string };
export type KtoExample = { history: ChatTurn[]; completion: string; label: boolean };

/** The same text for training purposes (surrounding whitespace and line endings do not count). */
export function sameText(a: string, b: string): boolean {
  return a.replace(/\r\n/g, "\n").trim() === b.replace(/\r\n/g, "\n").trim();
}

export function sftExamples(item: ExportItem): SftExample[] {
  switch (item.kind) {
    case "rating":
      if (item.correction)
        return [{ history: item.history, answer: item.correction.text, trainedInLaterLine: false }];
      if (item.rating === "up") {
        return [{ history: item.history, answer: item.answer, trainedInLaterLine: item.trainedInLaterLine }];
      }
      return [];
    case "compared-answer":
      return item.wins > 0 ? [{ history: item.history, answer: item.answer, trainedInLaterLine: false }] : [];
    case "comparison":
      return [];
  }
}

function winnerAndLoser(item: ComparisonItem) {
  if (item.preferred === null) return null;
  return item.preferred === "a" ? { winner: item.a, loser: item.b } : { winner: item.b, loser: item.a };
}

export function pairExamples(item: ExportItem): PairExample[] {
  switch (item.kind) {
    case "rating":
      return item.correction
        ? [{ history: item.history, chosen: item.correction.text, rejected: item.answer }]
        : [];
    case "comparison": {
      const pair = winnerAndLoser(item);
      return pair
        ? [{ history: item.history, chosen: pair.winner.content, rejected: pair.loser.content }]
        : [];
    }
    case "compared-answer":
      return [];
  }
}

export function ktoExamples(item: ExportItem): KtoExample[] {
  switch (item.kind) {
    case "rating": {
      const { history, correction, answer } = item;
      if (correction) {
        if (sameText(correction.text, answer)) return [{ history, completion: correction.text, label: true }];
        return [
          { history, completion: correction.text, label: true },
          { history, completion: answer, label: false },
        ];
      }
      return [{ history, completion: answer, label: item.rating === "up" }];
    }
    case "compared-answer":
      if (item.wins > 0 && item.losses === 0)
        return [{ history: item.history, completion: item.answer, label: true }];
      if (item.losses > 0 && item.wins === 0) {
        return [{ history: item.history, completion: item.answer, label: false }];
      }
      return [];
    case "comparison":
      return [];
  }
}

export type PlainTurn = { role: ChatTurn["role"]; content: string };

// A frozen turn is shared by every line of its conversation (lib/export/items/branch-histories.ts): its
// plain form is built once and frozen too, so the serialiser writes it once (lib/export/lines/serialize.ts).
const plainForms = new WeakMap<ChatTurn, PlainTurn>();

function plainTurn(turn: ChatTurn): PlainTurn {
  const known = plainForms.get(turn);
  if (known) return known;
  const made: PlainTurn = { role: turn.role, content: turn.content };
  if (!Object.isFrozen(turn)) return made;
  plainForms.set(turn, Object.freeze(made));
  return made;
}

/** Role and content only: what every format but raw keeps of a turn. */
export function plainTurns(history: ChatTurn[]): PlainTurn[] {
  return history.map(plainTurn);
}
