import { createHash, randomUUID } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { db } from "@/lib/db/client";
import { datasetDirectory, datasetFilePath } from "@/lib/datasets/storage";
import type { FormatId } from "@/lib/export/types";

// A saved dataset as the datasets feature stores one (lib/datasets): a Dataset row whose `files`
// name a training and a validation file in its directory, written here in the export's format.

const sha = (text: string) => createHash("sha256").update(text).digest("hex");

export async function seedDataset(input: {
  format: FormatId;
  train: object[];
  validation: object[] | null;
  createdById?: string;
}): Promise<string> {
  const id = randomUUID();
  mkdirSync(datasetDirectory(id), { recursive: true });
  const files = [];
  for (const [split, rows] of [
    ["train", input.train],
    ["validation", input.validation],
  ] as const) {
    if (!rows) continue;
    const name = `${split}.jsonl`;
    const text = rows.map((row) => JSON.stringify(row)).join("\n") + "\n";
    writeFileSync(datasetFilePath(id, name), text);
    files.push({ name, split, bytes: Buffer.byteLength(text), sha256: sha(text), rows: rows.length });
  }
  await db().dataset.create({
    data: {
      id,
      name: `Dataset ${input.format}`,
      format: input.format,
      request: { format: input.format },
      files,
      sha256: files[0]?.sha256 ?? "",
      trainRows: input.train.length,
      validationRows: input.validation?.length ?? 0,
      createdById: input.createdById ?? null,
    },
  });
  return id;
}

/** `n` distinct TRL SFT lines: the question "Question <i>?" and an answer. */
export function sftLines(n: number, prefix = "Question"): object[] {
  return Array.from({ length: n }, (_, i) => ({
    prompt: [{ role: "user", content: `${prefix} ${i + 1}?` }],
    completion: [{ role: "assistant", content: `Answer ${i + 1}.` }],
  }));
}
