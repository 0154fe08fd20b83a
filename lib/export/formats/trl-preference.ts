// Hugging Face TRL preference trainers (DPO, reward modelling, ORPO, CPO), conversational with an
// explicit prompt: the branch up to the user turn, the chosen and the rejected answer to it.
import { checkKeys, checkSingleAssistant, checkTrlPrompt, fail, isObject, PASS, singleText } from "./checks";
import { pairExamples, plainTurns, sameText } from "./training-examples";
import type { ExportFormat, ExportItem, TurnRole, Validation } from "../types";

type Answer = [{ role: "assistant"; content: string }];
export type TrlPreferenceRow = {
  prompt: { role: TurnRole; content: string }[];
  chosen: Answer;
  rejected: Answer;
};

function rows(item: ExportItem): TrlPreferenceRow[] {
  return pairExamples(item).map((pair) => ({
    prompt: plainTurns(pair.history),
    chosen: [{ role: "assistant", content: pair.chosen }],
    rejected: [{ role: "assistant", content: pair.rejected }],
  }));
}

function validate(row: unknown): Validation {
  if (!isObject(row)) return fail("not_an_object", "the line is not a JSON object");
  const problem =
    checkKeys(row, "line", ["prompt", "chosen", "rejected"]) ??
    checkTrlPrompt(row.prompt, "prompt") ??
    checkSingleAssistant(row.chosen, "chosen") ??
    checkSingleAssistant(row.rejected, "rejected");
  if (problem) return problem;
  if (sameText(singleText(row.chosen), singleText(row.rejected))) {
    return fail("identical_pair", "chosen and rejected are the same text");
  }
  return PASS;
}

export const trlPreference: ExportFormat = {
  id: "trl-preference",
  description:
    "TRL DPO / reward / ORPO / CPO, conversational with explicit prompt (prompt, chosen, rejected)",
  rows: (item) => rows(item),
  validate,
  opposite: (row) => ({ prompt: row.prompt, chosen: row.rejected, rejected: row.chosen }),
};
