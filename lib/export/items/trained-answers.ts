// Step 3: which answers a line trains (SFT targets), and — for openai-sft, which trains each answer
// once — which later line trains each earlier up-rated answer. Its lines give earlier answers
// `weight: 0` unless the user rated them up (the reference table); an earlier up-rated, uncorrected
// answer is then trained inside a later line instead of a line of its own, in exactly one line: the
// first (by time, then id) later trained answer below it on its branch whose line can be written (no
// blank turn). That line marks it `trainHere` (BranchHistories.carry); other later lines keep it at
// weight 0; its own rating item is `trainedInLaterLine`. Formats without per-turn weights (trl-sft,
// sharegpt) ignore this and give every trained answer its own prompt-completion style line.
import { isBlank } from "../formats/checks";
import type { BranchHistories } from "./branch-histories";
import type { Outcome } from "./comparison-items";
import { byTimeThenId, iso } from "./iso-time";
import type { UsableEvidence } from "./usable-evidence";

type Target = { messageId: string; at: string; id: string; text: string; carryable: boolean; path: string[] };

/** Answers an SFT line trains: up-rated or corrected ones, and unrated ones that won a comparison. */
function targetsOf(evidence: UsableEvidence, outcomes: Map<string, Outcome>, histories: BranchHistories) {
  const { messages, ratings, corrections } = evidence;
  const targets: Target[] = [];
  const add = (messageId: string, text: string | null, carryable: boolean) => {
    const message = messages.get(messageId)!;
    const at = iso(message.createdAt);
    const path = histories.pathTo(messageId, false);
    targets.push({ messageId, at, id: messageId, text: text ?? message.text, carryable, path });
  };
  for (const [messageId, rating] of ratings) {
    const correction = corrections.get(messageId);
    if (!correction && rating.rating !== "up") continue;
    add(messageId, correction ? correction.text : null, !correction);
  }
  for (const [messageId, outcome] of outcomes) {
    if (outcome.wins > 0) add(messageId, null, false);
  }
  return targets.sort(byTimeThenId);
}

/** The answers trained in a later line; records in `histories` which line carries each of them. */
export function trainedInLaterLines(
  evidence: UsableEvidence,
  outcomes: Map<string, Outcome>,
  histories: BranchHistories,
): Set<string> {
  const { messages } = evidence;
  const targets = targetsOf(evidence, outcomes, histories);
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
    histories.carry(carrier.messageId, target.messageId);
  }
  return inLaterLine;
}
