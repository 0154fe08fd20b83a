// The README.md inside a dataset's ZIP: what the files are, their hashes, and one short command that
// trains on them. TRL's CLI (`trl sft|dpo|kto`, flags of its ScriptArguments, ModelConfig and the
// trainer's config) loads a local directory of JSON Lines with `--dataset_name .`: the `datasets`
// library maps files named `*.train.jsonl` / `*.validation.jsonl` to the splits of those names.
import type { FormatId } from "../export/types";
import type { DatasetFileEntry } from "./storage";

export type ReadmeDataset = {
  name: string;
  format: FormatId;
  sha256: string;
  createdAt: Date;
  files: DatasetFileEntry[];
  /** TRL's KTOConfig weights suggested by the export summary, when there is a KTO training file. */
  ktoWeights?: { desirable_weight: number; undesirable_weight: number } | null;
};

const BASE_MODEL = "Qwen/Qwen2.5-0.5B-Instruct";

/** The TRL subcommand for a format, or null when TRL does not read it as it is. */
export function trlCommandOf(format: FormatId): "sft" | "dpo" | "kto" | null {
  if (format === "trl-sft" || format === "openai-sft") return "sft";
  // OpenAI's DPO lines (input / preferred_output / non_preferred_output) are not TRL's preference shape.
  if (format === "trl-preference") return "dpo";
  if (format === "trl-kto") return "kto";
  return null;
}

/** The command line to train on the unzipped dataset (run inside its directory). */
export function trainingCommand(
  dataset: Pick<ReadmeDataset, "format" | "files" | "ktoWeights">,
): string | null {
  const command = trlCommandOf(dataset.format);
  if (!command) return null;
  const lines = [
    `trl ${command}`,
    `--model_name_or_path ${BASE_MODEL}`,
    "--dataset_name .",
    `--output_dir ./flywheel-${command}`,
  ];
  if (dataset.files.some((file) => file.split === "validation")) {
    lines.push("--dataset_test_split validation", "--eval_strategy epoch");
  }
  if (command === "kto" && dataset.ktoWeights) {
    lines.push(
      `--desirable_weight ${dataset.ktoWeights.desirable_weight}`,
      `--undesirable_weight ${dataset.ktoWeights.undesirable_weight}`,
    );
  }
  return lines.join(" \\\n  ");
}

const OPENAI_NOTE = [
  "The files are in OpenAI's fine-tuning format, which Together and Fireworks accept as they are.",
  "Upload them with the provider's CLI (`openai api files.create -f <file> -p fine-tune`,",
  "`together files upload <file>`) or start the job from Flywheel's Admin → Fine-tuning.",
].join("\n");

function formatNote(format: FormatId): string {
  switch (format) {
    case "openai-sft":
      return [OPENAI_NOTE, "TRL reads the same `messages` lines locally:"].join("\n");
    case "openai-dpo":
      return OPENAI_NOTE;
    case "trl-sft":
    case "trl-preference":
    case "trl-kto":
      return "The files are in the Hugging Face TRL format. Train locally with TRL's command line:";
    case "sharegpt":
      return "ShareGPT files are read by LLaMA-Factory and FastChat (`conversations` with `from`/`value`); TRL does not read them as they are.";
    case "raw":
      return "Raw files hold the whole evidence for analysis; they are not a training format.";
  }
}

export function datasetReadme(dataset: ReadmeDataset): string {
  const command = trainingCommand(dataset);
  const files = dataset.files
    .map((file) => `| ${file.name} | ${file.split} | ${file.rows} | ${file.bytes} | ${file.sha256} |`)
    .join("\n");
  return [
    `# ${dataset.name.replace(/[\r\n]+/g, " ")}`,
    "",
    `A Flywheel dataset, format \`${dataset.format}\`, saved ${dataset.createdAt.toISOString()}.`,
    `SHA-256 of the training file (the hash a fine-tuned model's lineage names): \`${dataset.sha256}\`.`,
    "",
    "| file | split | rows | bytes | SHA-256 |",
    "|---|---|---|---|---|",
    files,
    "",
    "Check the files: `sha256sum *.jsonl`.",
    "",
    formatNote(dataset.format),
    ...(command
      ? [
          "",
          "```sh",
          "pip install trl",
          command,
          "```",
          "",
          "Replace the model with the base model to fine-tune; add `--use_peft --lora_r 16` for LoRA.",
        ]
      : []),
    "",
  ].join("\n");
}
