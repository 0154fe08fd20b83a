// A chunk of lines as the bytes of the training and of the validation file, for the CLI's files and
// the download's body alike.
//
// Why not `Buffer.from(lines.join(""))`: joining a megabyte of lines makes one flat megabyte-long
// string, which V8 allocates among large objects in the old generation — one per chunk, 11,000 of them
// in a raw export of the 1M seed, each a step towards a full collection under the export thread's
// capped heap. Measuring each line (which flattens it, in the young generation, where a dead string
// costs nothing to collect) and writing it into a buffer of the exact size gives the same bytes
// without that string.
import type { ExportLine } from "./exporter";
import type { Split } from "./split";

export function encodeLines(lines: readonly ExportLine[]): Record<Split, Buffer> {
  const sizes = new Array<number>(lines.length);
  const total = { train: 0, validation: 0 };
  for (let index = 0; index < lines.length; index++) {
    const { split, line } = lines[index]!;
    const size = Buffer.byteLength(line, "utf8");
    sizes[index] = size;
    total[split] += size;
  }
  const files = { train: Buffer.allocUnsafe(total.train), validation: Buffer.allocUnsafe(total.validation) };
  const at = { train: 0, validation: 0 };
  for (let index = 0; index < lines.length; index++) {
    const { split, line } = lines[index]!;
    at[split] += files[split].write(line, at[split], sizes[index]!, "utf8");
  }
  return files;
}
