import { describe, expect, it } from "vitest";
import { datasetReadme, trainingCommand, trlCommandOf } from "@/lib/datasets/readme";
import type { DatasetFileEntry } from "@/lib/datasets/storage";

const file = (name: string, split: DatasetFileEntry["split"], rows: number): DatasetFileEntry => ({
  name,
  split,
  bytes: 10,
  sha256: "a".repeat(64),
  rows,
});

describe("the dataset README's TRL command", () => {
  it.each([
    ["trl-sft", "sft"],
    ["openai-sft", "sft"],
    ["trl-preference", "dpo"],
    ["trl-kto", "kto"],
    ["openai-dpo", null],
    ["sharegpt", null],
    ["raw", null],
  ] as const)("%s → %s", (format, command) => expect(trlCommandOf(format)).toBe(command));

  it("evaluates on the validation file when there is one, and carries KTO's suggested weights", () => {
    expect(
      trainingCommand({
        format: "trl-kto",
        files: [file("trl-kto.train.jsonl", "train", 3), file("trl-kto.validation.jsonl", "validation", 1)],
        ktoWeights: { desirable_weight: 0.5, undesirable_weight: 1 },
      }),
    ).toBe(
      [
        "trl kto",
        "--model_name_or_path Qwen/Qwen2.5-0.5B-Instruct",
        "--dataset_name .",
        "--output_dir ./flywheel-kto",
        "--dataset_test_split validation",
        "--eval_strategy epoch",
        "--desirable_weight 0.5",
        "--undesirable_weight 1",
      ].join(" \\\n  "),
    );
    expect(
      trainingCommand({ format: "trl-sft", files: [file("trl-sft.train.jsonl", "train", 3)] }),
    ).not.toContain("--dataset_test_split");
  });

  it("names the files with their hashes, and gives the OpenAI note without a TRL command for openai-dpo", () => {
    const readme = datasetReadme({
      name: "Preferences\nof May",
      format: "openai-dpo",
      sha256: "b".repeat(64),
      createdAt: new Date(Date.UTC(2026, 4, 1)),
      files: [file("openai-dpo.train.jsonl", "train", 12)],
    });
    expect(readme.startsWith("# Preferences of May\n")).toBe(true);
    expect(readme).toContain(`| openai-dpo.train.jsonl | train | 12 | 10 | ${"a".repeat(64)} |`);
    expect(readme).toContain("together files upload");
    expect(readme).not.toContain("trl ");
  });
});
