// OpenAI preference fine-tuning (DPO), also Together and Fireworks: the history up to the user turn,
// one preferred and one non-preferred assistant answer to it. Text only.
import { checkKeys, checkSingleAssistant, checkText, fail, isObject, PASS, singleText } from "./checks";
import { pairExamples, plainTurns, sameText } from "./training-examples";
import type { ExportFormat, ExportItem, TurnRole, Validation } from "../types";

type Output = [{ role: "assistant"; content: string }];
export type OpenAiDpoRow = {
  input: { messages: { role: TurnRole; content: string }[] };
  preferred_output: Output;
  non_preferred_output: Output;
};

function rows(item: ExportItem): OpenAiDpoRow[] {
  return pairExamples(item).map((pair) => ({
    input: { messages: plainTurns(pair.history) },
    preferred_output: [{ role: "assistant", content: pair.chosen }],
    non_preferred_output: [{ role: "assistant", content: pair.rejected }],
  }));
}

function validate(row: unknown): Validation {
  if (!isObject(row)) return fail("not_an_object", "the line is not a JSON object");
  const keys = checkKeys(row, "line", ["input", "preferred_output", "non_preferred_output"]);
  if (keys) return keys;
  const input = row.input;
  if (!isObject(input)) return fail("wrong_type", "input must be an object");
  const inputKeys = checkKeys(input, "input", ["messages"], ["tools", "parallel_tool_calls"]);
  if (inputKeys) return inputKeys;
  const messages = input.messages;
  if (!Array.isArray(messages)) return fail("wrong_type", "input.messages must be an array");
  if (messages.length === 0) return fail("missing_key", "input.messages has no messages");
  for (const [index, message] of messages.entries()) {
    const at = `input.messages[${index}]`;
    if (!isObject(message)) return fail("wrong_type", `${at} must be an object`);
    const messageKeys = checkKeys(message, at, ["role", "content"], ["name"]);
    if (messageKeys) return messageKeys;
    const role = message.role;
    if (role !== "system" && role !== "user" && role !== "assistant") {
      return fail(
        "invalid_role",
        `${at}.role = ${JSON.stringify(role)} (text-only roles: system, user, assistant)`,
      );
    }
    const text = checkText(message.content, `${at}.content`, role);
    if (text) return text;
  }
  if ((messages[messages.length - 1] as { role: string }).role !== "user") {
    return fail(
      "prompt_not_ending_with_user",
      "input.messages must end with the user turn both outputs answer",
    );
  }
  const preferred = checkSingleAssistant(row.preferred_output, "preferred_output");
  if (preferred) return preferred;
  const other = checkSingleAssistant(row.non_preferred_output, "non_preferred_output");
  if (other) return other;
  if (sameText(singleText(row.preferred_output), singleText(row.non_preferred_output))) {
    return fail("identical_pair", "preferred_output and non_preferred_output are the same text");
  }
  return PASS;
}

export const openaiDpo: ExportFormat = {
  id: "openai-dpo",
  description:
    "OpenAI preference fine-tuning (input, preferred_output, non_preferred_output); also Together, Fireworks",
  rows: (item) => rows(item),
  validate,
  opposite: (row) => ({
    input: row.input,
    preferred_output: row.non_preferred_output,
    non_preferred_output: row.preferred_output,
  }),
};
