// Hugging Face TRL SFTTrainer, conversational prompt-completion: TRL has no per-message weight, so each
// trained answer is its own row, cut at that answer: the branch before it is the prompt (never
// trained), the answer is the completion.
import { checkKeys, checkSingleAssistant, checkTrlPrompt, fail, isObject, PASS } from "./checks";
import { plainTurns, sftExamples } from "./training-examples";
import type { ExportFormat, ExportItem, TurnRole, Validation } from "../types";

export type TrlSftRow = {
  prompt: { role: TurnRole; content: string }[];
  completion: [{ role: "assistant"; content: string }];
};

function rows(item: ExportItem): TrlSftRow[] {
  return sftExamples(item).map((example) => ({
    prompt: plainTurns(example.history),
    completion: [{ role: "assistant", content: example.answer }],
  }));
}

function validate(row: unknown): Validation {
  if (!isObject(row)) return fail("not_an_object", "the line is not a JSON object");
  return (
    checkKeys(row, "line", ["prompt", "completion"]) ??
    checkTrlPrompt(row.prompt, "prompt") ??
    checkSingleAssistant(row.completion, "completion") ??
    PASS
  );
}

export const trlSft: ExportFormat = {
  id: "trl-sft",
  description: "TRL SFTTrainer, conversational prompt-completion",
  rows: (item) => rows(item),
  validate,
};
