// Saved datasets for the fine-tuning job tests: a Dataset row and its files where lib/datasets/storage.ts
// keeps them, in the shapes the openai-sft / openai-dpo exports write.
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { db } from "@/lib/db/client";
import { datasetDirectory, datasetFilePath } from "@/lib/datasets/storage";

// Test datasets go to a temporary directory, not the checkout's .data (read when env() first runs).
process.env.DATASETS_DIR ??= mkdtempSync(path.join(tmpdir(), "flywheel-datasets-"));

function sftLine(i: number): string {
  return JSON.stringify({
    messages: [
      { role: "user", content: `Question ${i}?` },
      { role: "assistant", content: `Answer ${i}.` },
    ],
  });
}

function dpoLine(i: number): string {
  return JSON.stringify({
    input: { messages: [{ role: "user", content: `Question ${i}?` }] },
    preferred_output: [{ role: "assistant", content: `Good answer ${i}.` }],
    non_preferred_output: [{ role: "assistant", content: `Bad answer ${i}.` }],
  });
}

/** A saved dataset of `trainRows` (and `validationRows`, 0 = no validation file) in `format`. */
export async function seedDataset(
  options: {
    name?: string;
    format?: "openai-sft" | "openai-dpo" | "trl-sft";
    trainRows?: number;
    validationRows?: number;
    flagged?: boolean;
  } = {},
): Promise<{ id: string; sha256: string; name: string }> {
  const format = options.format ?? "openai-sft";
  const trainRows = options.trainRows ?? 12;
  const validationRows = options.validationRows ?? 0;
  const line = format === "openai-dpo" ? dpoLine : sftLine;
  const text = (from: number, count: number) =>
    Array.from({ length: count }, (_, i) => line(from + i)).join("\n") + "\n";
  const train = text(0, trainRows);
  const validation = validationRows > 0 ? text(1000, validationRows) : null;
  const sha = (value: string) => createHash("sha256").update(value).digest("hex");
  const files = [
    {
      name: `${format}.train.jsonl`,
      split: "train",
      bytes: Buffer.byteLength(train),
      sha256: sha(train),
      rows: trainRows,
    },
    ...(validation
      ? [
          {
            name: `${format}.validation.jsonl`,
            split: "validation",
            bytes: Buffer.byteLength(validation),
            sha256: sha(validation),
            rows: validationRows,
          },
        ]
      : []),
  ];
  const name = options.name ?? `Dataset ${Math.random().toString(36).slice(2, 8)}`;
  const row = await db().dataset.create({
    data: {
      name,
      format,
      request: { format },
      files,
      sha256: sha(train),
      trainRows,
      validationRows,
      flaggedAt: options.flagged ? new Date() : null,
      flagReason: options.flagged ? "withdrawn" : null,
    },
  });
  mkdirSync(datasetDirectory(row.id), { recursive: true });
  writeFileSync(datasetFilePath(row.id, files[0]!.name), train);
  if (validation) writeFileSync(datasetFilePath(row.id, files[1]!.name), validation);
  return { id: row.id, sha256: row.sha256, name };
}

/** A fine-tuning job row as the poller would have left it (for the access matrix and page tests). */
export async function seedJob(
  options: {
    providerId?: string | null;
    status?: "uploading" | "running" | "succeeded" | "failed";
    fineTunedModel?: string | null;
  } = {},
): Promise<{ id: string; datasetId: string }> {
  const dataset = await seedDataset();
  const row = await db().fineTuneJob.create({
    data: {
      datasetId: dataset.id,
      datasetSha256: dataset.sha256,
      providerId: options.providerId ?? null,
      kind: "openai_compatible",
      baseModel: "base-model",
      method: "sft",
      status: options.status ?? "uploading",
      fineTunedModel: options.fineTunedModel ?? null,
      requestKey: Math.random().toString(36),
    },
  });
  return { id: row.id, datasetId: dataset.id };
}
