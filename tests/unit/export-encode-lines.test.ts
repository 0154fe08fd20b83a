import { describe, expect, it } from "vitest";
import { encodeLines } from "@/lib/export/lines/encode-lines";
import type { ExportLine } from "@/lib/export/lines/exporter";

const line = (split: ExportLine["split"], value: unknown): ExportLine => ({
  split,
  line: `${JSON.stringify(value)}\n`,
});

/** What the CLI and the download wrote before: each file's lines joined, then encoded. */
function joined(lines: ExportLine[]) {
  const text = { train: "", validation: "" };
  for (const { split, line: l } of lines) text[split] += l;
  return { train: Buffer.from(text.train, "utf8"), validation: Buffer.from(text.validation, "utf8") };
}

describe("encodeLines", () => {
  it("writes each file's lines in order, byte for byte as joining and encoding them", () => {
    // Multi-byte UTF-8 (2, 3 and 4 bytes), a string built by concatenation (a rope, as serialize.ts makes),
    // and both files interleaved, as a split by conversation interleaves them.
    let long = "";
    for (let index = 0; index < 500; index++) long += `part ${index} — ü 漢字 🙂 `;
    const lines = [
      line("train", { text: "plain" }),
      line("validation", { text: "Crème brûlée, 東京, 🙂" }),
      line("train", { text: long }),
      line("validation", { text: "" }),
      line("train", { text: "last \u2028 line" }),
    ];
    const encoded = encodeLines(lines);
    const expected = joined(lines);
    expect(encoded.train.equals(expected.train)).toBe(true);
    expect(encoded.validation.equals(expected.validation)).toBe(true);
    expect(encoded.train.toString("utf8").split("\n").length).toBe(4);
  });

  it("gives empty buffers for no lines, and for a file no line goes to", () => {
    expect(encodeLines([])).toEqual({ train: Buffer.alloc(0), validation: Buffer.alloc(0) });
    const onlyTrain = encodeLines([line("train", { a: 1 })]);
    expect(onlyTrain.train.toString("utf8")).toBe('{"a":1}\n');
    expect(onlyTrain.validation.length).toBe(0);
  });
});
