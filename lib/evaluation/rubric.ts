// The judge model's rubric (quoted in docs/fine-tuning.md) and how its reply is read. Pure.
import type { PromptMessage } from "./prompt-lines";

export const JUDGE_RUBRIC = `You are an impartial judge comparing two AI assistant responses to the same conversation.

Judge which response better serves the user's last message, considering in this order:
1. Correctness: facts, reasoning and code are right; nothing is made up.
2. Helpfulness: it does what was asked, completely, following every instruction (including the system prompt).
3. Clarity: it is well organised and no longer than it needs to be.
4. Safety: it refuses only what should be refused, and says why.

Ignore the order in which the responses are shown, their length for its own sake, and their style when
the content is equal. Do not favour a response for naming itself or for politeness.

Say "tie" when neither is better, and "both_bad" when neither response is acceptable.
Explain briefly, then end your reply with exactly one final line:
Verdict: A
or
Verdict: B
or
Verdict: tie
or
Verdict: both_bad`;

/** The user message the judge gets: the conversation, then the two responses, labelled A and B. */
export function judgeMessage(prompt: PromptMessage[], responseA: string, responseB: string): string {
  const conversation = prompt.map((m) => `[${m.role}]\n${m.content}`).join("\n\n");
  return [
    "<conversation>",
    conversation,
    "</conversation>",
    "",
    "<response_a>",
    responseA,
    "</response_a>",
    "",
    "<response_b>",
    responseB,
    "</response_b>",
    "",
    "Which response is better? End with the line: Verdict: A, Verdict: B, Verdict: tie or Verdict: both_bad",
  ].join("\n");
}

export type PositionVerdict = "A" | "B" | "tie" | "both_bad";

/**
 * The verdict of a judge's reply: its last "Verdict: …" line (any case, optional markdown around it).
 * Null when there is none: the caller counts it as a tie and keeps the reply.
 */
export function parseVerdict(reply: string): PositionVerdict | null {
  const pattern = /verdict\s*[:\-]\s*[*_`"'[(]*\s*(a|b|tie|both[_ -]?bad)\b/gi;
  let last: string | null = null;
  for (const match of reply.matchAll(pattern)) last = match[1]!.toLowerCase();
  if (last === null) return null;
  if (last === "a") return "A";
  if (last === "b") return "B";
  if (last === "tie") return "tie";
  return "both_bad";
}

export type Verdict = "candidate" | "baseline" | "tie" | "both_bad";

/** A verdict about positions, read back to the models: which one was shown as A. */
export function toVerdict(position: PositionVerdict | null, candidateIsA: boolean): Verdict {
  if (position === "A") return candidateIsA ? "candidate" : "baseline";
  if (position === "B") return candidateIsA ? "baseline" : "candidate";
  if (position === "both_bad") return "both_bad";
  return "tie";
}

/**
 * Both orders' verdicts into one: the same preference in both wins; both "both_bad" stays so; any
 * disagreement (position bias, or an unreadable reply) is a tie.
 */
export function combineVerdicts(first: Verdict, second: Verdict): Verdict {
  return first === second ? first : "tie";
}
