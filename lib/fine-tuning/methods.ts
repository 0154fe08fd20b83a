import type { FineTuneMethod } from "./adapters/types";

/**
 * The export formats a fine-tuning service trains on as they are (lib/export/types.ts FORMAT_IDS):
 * OpenAI's chat SFT lines and its DPO lines, which Together and Fireworks read too. The TRL and
 * ShareGPT formats are for training on one's own GPUs (models trained elsewhere).
 */
export const METHOD_OF_FORMAT: Partial<Record<string, FineTuneMethod>> = {
  "openai-sft": "sft",
  "openai-dpo": "dpo",
};

export const METHOD_LABELS: Record<FineTuneMethod, string> = { sft: "Supervised", dpo: "DPO (preference)" };
