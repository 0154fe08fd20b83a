// Small JSON Lines training files on disk for the adapter tests, in the shapes the exports write.
import { mkdtempSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { FineTuneFile } from "@/lib/fine-tuning/adapters/types";

const dir = mkdtempSync(path.join(tmpdir(), "flywheel-ft-"));

export function sftFile(rows: number, name = "openai-sft.train.jsonl"): FineTuneFile {
  const lines = Array.from({ length: rows }, (_, i) =>
    JSON.stringify({
      messages: [
        { role: "user", content: `Question ${i}?` },
        { role: "assistant", content: `Answer ${i}.` },
      ],
    }),
  );
  return write(name, lines);
}

export function dpoFile(rows: number, name = "openai-dpo.train.jsonl"): FineTuneFile {
  const lines = Array.from({ length: rows }, (_, i) =>
    JSON.stringify({
      input: { messages: [{ role: "user", content: `Question ${i}?` }] },
      preferred_output: [{ role: "assistant", content: `Good answer ${i}.` }],
      non_preferred_output: [{ role: "assistant", content: `Bad answer ${i}.` }],
    }),
  );
  return write(name, lines);
}

function write(name: string, lines: string[]): FineTuneFile {
  const file = path.join(dir, `${Math.random().toString(36).slice(2)}-${name}`);
  writeFileSync(file, `${lines.join("\n")}\n`);
  return { name, path: file, bytes: statSync(file).size, rows: lines.length };
}
