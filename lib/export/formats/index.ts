// The formats by id. One module per format, each with its validator.
import type { Split } from "../lines/split";
import type { ExportFormat, FormatId } from "../types";
import { openaiDpo } from "./openai-dpo";
import { openaiSft } from "./openai-sft";
import { raw } from "./raw";
import { sharegpt } from "./sharegpt";
import { trlKto } from "./trl-kto";
import { trlPreference } from "./trl-preference";
import { trlSft } from "./trl-sft";

export const FORMATS: Record<FormatId, ExportFormat> = {
  "openai-sft": openaiSft,
  "openai-dpo": openaiDpo,
  "trl-sft": trlSft,
  "trl-preference": trlPreference,
  "trl-kto": trlKto,
  sharegpt,
  raw,
};

export function formatById(id: FormatId): ExportFormat {
  return FORMATS[id];
}

/** `<format>.<split>.jsonl` — one name for the same file, from the admin UI and from the CLI. */
export function exportFileName(format: FormatId, split: Split): string {
  return `${format}.${split}.jsonl`;
}
