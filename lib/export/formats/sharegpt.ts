// ShareGPT, the community format read by FastChat and LLaMA-Factory. It has no per-turn weight, so each
// trained answer is its own line ending with that answer, like trl-sft; train on the last turn only
// (LLaMA-Factory: `mask_history: true`), or earlier answers — context, possibly rated down — are
// trained too.
import { checkKeys, checkText, fail, isObject, PASS } from "./checks";
import { sftExamples } from "./training-examples";
import type { ExportFormat, ExportItem, Validation } from "../types";

export type ShareGptTurn = { from: "system" | "human" | "gpt"; value: string };
export type ShareGptRow = { conversations: ShareGptTurn[] };

const FROM = { system: "system", user: "human", assistant: "gpt" } as const;

function rows(item: ExportItem): ShareGptRow[] {
  return sftExamples(item).map((example) => ({
    conversations: [
      ...example.history.map((turn): ShareGptTurn => ({ from: FROM[turn.role], value: turn.content })),
      { from: "gpt", value: example.answer },
    ],
  }));
}

/**
 * LLaMA-Factory's converter takes an optional leading system turn, then requires human and gpt turns
 * strictly alternating from a human turn, and an even count of them for SFT (so the last is gpt); it
 * skips any other example as broken. FastChat makes the same assumption.
 */
function validate(row: unknown): Validation {
  if (!isObject(row)) return fail("not_an_object", "the line is not a JSON object");
  const keys = checkKeys(row, "line", ["conversations"]);
  if (keys) return keys;
  const turns = row.conversations;
  if (!Array.isArray(turns)) return fail("wrong_type", "conversations must be an array");
  let position = 0;
  for (const [index, turn] of turns.entries()) {
    const at = `conversations[${index}]`;
    if (!isObject(turn)) return fail("wrong_type", `${at} must be an object`);
    const turnKeys = checkKeys(turn, at, ["from", "value"]);
    if (turnKeys) return turnKeys;
    const from = turn.from;
    if (from !== "system" && from !== "human" && from !== "gpt") {
      return fail("invalid_role", `${at}.from = ${JSON.stringify(from)}, expected system, human or gpt`);
    }
    const text = checkText(turn.value, `${at}.value`, from === "gpt" ? "assistant" : from);
    if (text) return text;
    if (from === "system") {
      if (index !== 0) return fail("system_not_first", `${at} is a system turn after the first position`);
      continue;
    }
    const expected = position % 2 === 0 ? "human" : "gpt";
    if (from !== expected) return fail("not_alternating", `${at}.from is "${from}", expected "${expected}"`);
    position += 1;
  }
  if (position === 0) return fail("no_assistant_message", "conversations has no human/gpt turns");
  const last = turns[turns.length - 1] as { from: string };
  if (last.from !== "gpt") return fail("not_ending_with_answer", "conversations must end with a gpt turn");
  return PASS;
}

export const sharegpt: ExportFormat = {
  id: "sharegpt",
  description: "ShareGPT conversations (FastChat, LLaMA-Factory); train on the last turn only",
  rows: (item) => rows(item),
  validate,
};
