// Hugging Face TRL KTOTrainer, unpaired preference: one answer and whether it is desirable. The
// natural home of thumbs up/down, including thumbs-down-only data.
import { checkKeys, checkSingleAssistant, checkTrlPrompt, fail, isObject, PASS } from "./checks";
import { ktoExamples, plainTurns } from "./training-examples";
import type { ExportFormat, ExportItem, TurnRole, Validation } from "../types";

export type TrlKtoRow = {
  prompt: { role: TurnRole; content: string }[];
  completion: [{ role: "assistant"; content: string }];
  label: boolean;
};

function rows(item: ExportItem): TrlKtoRow[] {
  return ktoExamples(item).map((example) => ({
    prompt: plainTurns(example.history),
    completion: [{ role: "assistant", content: example.completion }],
    label: example.label,
  }));
}

function validate(row: unknown): Validation {
  if (!isObject(row)) return fail("not_an_object", "the line is not a JSON object");
  const problem =
    checkKeys(row, "line", ["prompt", "completion", "label"]) ??
    checkTrlPrompt(row.prompt, "prompt") ??
    checkSingleAssistant(row.completion, "completion");
  if (problem) return problem;
  if (typeof row.label !== "boolean") {
    return fail("invalid_label", `label = ${JSON.stringify(row.label)}, expected true or false`);
  }
  return PASS;
}

export const trlKto: ExportFormat = {
  id: "trl-kto",
  description: "TRL KTOTrainer, unpaired preference (prompt, completion, label)",
  rows: (item) => rows(item),
  validate,
  opposite: (row) => ({ prompt: row.prompt, completion: row.completion, label: row.label !== true }),
};
